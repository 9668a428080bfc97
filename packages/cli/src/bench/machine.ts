/** The machine a bench ran on: CPU model, cores, Node version and the float type measured. */

import { arch, availableParallelism, cpus, platform } from 'node:os';
import type { DType } from '@shardwise/core';
import type { MachineInfo } from './bench-types.js';

export function machineInfo(dtype: DType): MachineInfo {
  const model = cpus()[0]?.model.trim().replace(/\s+/g, ' ');
  return {
    cpu: model || 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
    platform: platform(),
    arch: arch(),
    dtype,
  };
}

/** `AMD EPYC, 2 cores, Node v20.20.2, f32`. */
export function describeMachine(machine: MachineInfo): string {
  const cores = `${machine.cores} core${machine.cores === 1 ? '' : 's'}`;
  return `${machine.cpu}, ${cores}, Node ${machine.node}, ${machine.dtype}`;
}
