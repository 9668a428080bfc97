// Where the addon is missing or does not load, loadMpi gives one line saying why and what to
// install (MPI_INSTALL_HINT), and never throws. (The variable is read when the module loads: each
// case imports a fresh copy.)
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const saved = process.env.SHARDWISE_MPI_ADDON;
afterEach(() => {
  if (saved === undefined) delete process.env.SHARDWISE_MPI_ADDON;
  else process.env.SHARDWISE_MPI_ADDON = saved;
  vi.resetModules();
});

async function loadFrom(path: string) {
  process.env.SHARDWISE_MPI_ADDON = path;
  vi.resetModules();
  const { loadMpi, MPI_INSTALL_HINT } = await import('./load-mpi.js');
  return { result: loadMpi(), hint: MPI_INSTALL_HINT };
}

describe('loadMpi without a usable addon', () => {
  it('names what to install when the addon was not built', async () => {
    const { result, hint } = await loadFrom(join(tmpdir(), 'no-such-dir', 'shardwise-mpi.node'));
    expect(result.mpi).toBeNull();
    expect(hint).toBe('apt-get install libopenmpi-dev openmpi-bin, then reinstall shardwise');
    expect(result.reason).toMatch(
      /^the MPI addon is not built \(no mpicc at install\): apt-get install libopenmpi-dev/,
    );
    expect(result.reason).toContain(hint);
    expect(result.reason).not.toContain('\n');
  });

  it('says the addon does not load, with the loader error, when the file is not an addon', async () => {
    const path = join(tmpdir(), `shardwise-mpi-not-an-addon-${process.pid}.node`);
    writeFileSync(path, 'not a shared library');
    const { result } = await loadFrom(path).finally(() => rmSync(path, { force: true }));
    expect(result.mpi).toBeNull();
    expect(result.reason).toMatch(/^the MPI addon does not load \(.+\): apt-get install libopenmpi-dev/);
    expect(result.reason).not.toContain('\n');
  });
});
