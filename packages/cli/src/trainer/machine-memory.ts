/**
 * What memory this process may use: the machine's (os.totalmem / os.freemem), or its control
 * group's where that is lower (a container's limit; cgroup v2 or v1), which is what the kernel
 * enforces by killing the process.
 */

import { readFileSync } from 'node:fs';
import { freemem, totalmem } from 'node:os';

/** Memory figures in bytes. */
export interface MachineMemory {
  /** All the memory the process could ever have: the machine's, or the cgroup limit if lower. */
  readonly total: number;
  /** What is free now (reclaimable page cache counts as free). */
  readonly available: number;
}

/** The memory this process may use now. */
export function machineMemory(): MachineMemory {
  const machine = { total: totalmem(), available: freemem() };
  const group = cgroupMemory();
  if (!group) return machine;
  return {
    total: Math.min(machine.total, group.limit),
    available: Math.min(machine.available, Math.max(0, group.limit - group.used)),
  };
}

/** Limits above this mean "no limit" (cgroup v1 writes a page-rounded 2^63). */
const NO_LIMIT = 2 ** 60;

/** This process's memory cgroup limit and usage (less reclaimable file cache), if it has a limit. */
function cgroupMemory(): { limit: number; used: number } | undefined {
  const membership = readText('/proc/self/cgroup');
  if (membership === undefined) return undefined;
  for (const line of membership.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers === undefined || path === undefined) continue;
    // v2: one unified hierarchy, "0::/path".
    if (controllers === '') {
      const found = readGroup(`/sys/fs/cgroup${path}`, 'memory.max', 'memory.current', 'inactive_file');
      if (found) return found;
    }
    // v1: the memory controller's own hierarchy.
    if (controllers.split(',').includes('memory')) {
      for (const directory of [`/sys/fs/cgroup/memory${path}`, '/sys/fs/cgroup/memory']) {
        const found = readGroup(
          directory,
          'memory.limit_in_bytes',
          'memory.usage_in_bytes',
          'total_inactive_file',
        );
        if (found) return found;
      }
    }
  }
  return undefined;
}

function readGroup(
  directory: string,
  limitFile: string,
  usageFile: string,
  inactiveKey: string,
): { limit: number; used: number } | undefined {
  const limit = Number(readText(`${directory}/${limitFile}`)?.trim());
  if (!(Number.isFinite(limit) && limit > 0 && limit < NO_LIMIT)) return undefined;
  const usage = Number(readText(`${directory}/${usageFile}`)?.trim() ?? 0) || 0;
  const stat = readText(`${directory}/memory.stat`) ?? '';
  const inactive = Number(new RegExp(`^${inactiveKey} (\\d+)$`, 'm').exec(stat)?.[1] ?? 0);
  return { limit, used: Math.max(0, usage - inactive) };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
