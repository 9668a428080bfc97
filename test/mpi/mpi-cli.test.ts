// `shardwise train` under a real mpirun: ranks resume each other's checkpoints and a single process
// resumes theirs (and the reverse) bit for bit; a rank that fails ends the job with one line naming
// it, a non-zero exit and the last checkpoint intact. Without the addon, asking for MPI is a
// one-line error saying what to install. Skipped, with the reason printed, where mpirun or the
// addon is missing (the last test needs neither).
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withoutMpiEnvironment } from '@shardwise/mpi';
import { afterAll, describe, expect, it } from 'vitest';
import { findLauncher } from '../../packages/mpi/src/testing/mpirun.js';
import { BIN, expectUserError, jsonLines, lines, runCli, SMALL_RUN, tempDir } from '../cli/cli-harness.js';

const launcher = findLauncher();
if (launcher.skip) console.warn(`skipping the MPI CLI tests: ${launcher.skip}`);
const dir = tempDir('mpi-cli');
afterAll(() => dir.remove());

/** `mpirun` with one app context per entry: [ranks, extra environment, shardwise args]. */
function mpirun(contexts: [number, Record<string, string>, string[]][]) {
  const args = ['--oversubscribe', '--bind-to', 'none'];
  const apps = contexts.flatMap(([ranks, env, cli], i) => [
    ...(i > 0 ? [':'] : []),
    '-np',
    String(ranks),
    ...Object.entries(env).flatMap(([name, value]) => ['-x', `${name}=${value}`]),
    process.execPath,
    BIN,
    ...cli,
  ]);
  const result = spawnSync('mpirun', [...args, ...apps], {
    cwd: dir.path,
    encoding: 'utf8',
    env: {
      ...withoutMpiEnvironment(process.env),
      OMPI_ALLOW_RUN_AS_ROOT: '1',
      OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
    },
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return result;
}

/** The tensor bytes of a safetensors file (after its JSON header, which records the run's layout). */
function tensorBytes(path: string): Buffer {
  const file = readFileSync(path);
  return file.subarray(8 + Number(file.readBigUInt64LE(0)));
}

const RUN = [...SMALL_RUN, '--optimizer', 'adam', '--seed', '5', '--batch-size', '30'];

describe.skipIf(launcher.skip !== undefined)('shardwise train under mpirun', () => {
  it('2 ranks, then 1 process, then 2 ranks again equal 2 workers in one process, bit for bit', {
    timeout: 180_000,
  }, () => {
    const at = (name: string) => join(dir.path, name);
    const first = mpirun([[2, {}, ['train', ...RUN, '--epochs', '2', '--out', at('a.safetensors')]]]);
    expect(first.status, first.stderr).toBe(0);
    // Rank 0 alone reports, with the layout as ranks × workers.
    expect(lines(first.stdout).filter((l) => l.startsWith('done'))).toEqual([
      expect.stringMatching(/ {2}2 ranks × 1 worker {2}/),
    ]);
    const middle = runCli([
      'train',
      '--resume',
      at('a.safetensors'),
      '--epochs',
      '4',
      '--out',
      at('b.safetensors'),
      '--json',
    ]);
    expect(middle.status, middle.stderr).toBe(0);
    expect(jsonLines(middle.stdout).at(-1)).toMatchObject({ type: 'summary', ranks: 1, workers: 1 });
    const last = mpirun([
      [
        2,
        {},
        ['train', '--resume', at('b.safetensors'), '--epochs', '6', '--out', at('c.safetensors'), '--json'],
      ],
    ]);
    expect(last.status, last.stderr).toBe(0);
    expect(jsonLines(last.stdout).filter((r) => r.type === 'summary')).toEqual([
      expect.objectContaining({ ranks: 2, workers: 1 }),
    ]);
    const straight = runCli([
      'train',
      ...RUN,
      '--workers',
      '2',
      '--epochs',
      '6',
      '--out',
      at('d.safetensors'),
    ]);
    expect(straight.status, straight.stderr).toBe(0);
    expect(tensorBytes(at('c.safetensors')).equals(tensorBytes(at('d.safetensors')))).toBe(true);
  });

  it('a rank that fails ends the job: non-zero exit, one line naming the rank, the checkpoint intact', {
    timeout: 120_000,
  }, () => {
    const out = join(dir.path, 'fault.safetensors');
    const args = ['train', ...RUN, '--epochs', '4', '--save-every', '1', '--out', out];
    // Rank 1's worker throws at global step 10, in epoch 2 (an epoch has at most 7 steps of 30 rows).
    const job = mpirun([
      [1, {}, args],
      [1, { SHARDWISE_TEST_FAULT: '0:10:throw' }, args],
    ]);
    expect(job.status).not.toBe(0);
    const ours = lines(job.stderr).filter((l) => l.startsWith('shardwise: '));
    expect(ours).toEqual([expect.stringMatching(/^shardwise: rank 1: worker 0 failed: injected fault/)]);
    // Epoch 1's checkpoint, written by rank 0, still there and whole.
    expect(statSync(out).size).toBeGreaterThan(0);
    const resumed = runCli(['train', '--resume', out, '--epochs', '2']);
    expect(resumed.status, resumed.stderr).toBe(0);
  });
});

describe('MPI without the addon', () => {
  it('started by a launcher, the CLI says in one line what to install', () => {
    const result = runCli(['train', ...SMALL_RUN, '--epochs', '1'], {
      env: {
        OMPI_COMM_WORLD_RANK: '0',
        OMPI_COMM_WORLD_SIZE: '1',
        SHARDWISE_MPI_ADDON: '/nonexistent/mpi.node',
      },
    });
    expectUserError(result, 2, 'mpi:', 'apt-get install libopenmpi-dev openmpi-bin');
  });
});
