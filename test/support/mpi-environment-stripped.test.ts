// A test run started inside an MPI job (its launcher variables in the environment) gives its
// children none of them: the setup file strips the test workers' environment, and the CLI
// harness strips what it passes on. Under plain `pnpm test` the first case checks the setup
// file ran; run with launcher variables set (e.g. OMPI_COMM_WORLD_RANK=0 OMPI_COMM_WORLD_SIZE=2
// pnpm vitest run test/support) it checks the stripping itself.
import { spawnSync } from 'node:child_process';
import { mpiLaunch } from '@shardwise/mpi';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv } from '../cli/cli-harness.js';

const LAUNCHER = { OMPI_COMM_WORLD_RANK: '1', OMPI_COMM_WORLD_SIZE: '2', PMI_RANK: '1', PMI_SIZE: '2' };

afterEach(() => {
  for (const name of Object.keys(LAUNCHER)) delete process.env[name];
});

describe('MPI launcher variables in the test environment', () => {
  it('are gone from the test worker and from a child it spawns', () => {
    expect(mpiLaunch(process.env)).toBeNull();
    const child = spawnSync(process.execPath, ['-p', 'JSON.stringify(process.env)'], { encoding: 'utf8' });
    expect(mpiLaunch(JSON.parse(child.stdout))).toBeNull();
  });

  it('are not passed on by the CLI harness, unless a test asks for them', () => {
    Object.assign(process.env, LAUNCHER);
    expect(mpiLaunch(process.env)).toEqual({ rank: 1, size: 2 });
    expect(mpiLaunch(cliEnv())).toBeNull();
    expect(cliEnv().PATH).toBe(process.env.PATH);
    expect(mpiLaunch(cliEnv({ OMPI_COMM_WORLD_RANK: '0', OMPI_COMM_WORLD_SIZE: '3' }))).toEqual({
      rank: 0,
      size: 3,
    });
  });
});
