// Ctrl-C on `mpirun -np 2 shardwise train`: SIGINT to the launcher alone, as a terminal sends it
// (OpenMPI puts each rank in a process group of its own). OpenMPI's mpirun then sends every rank
// SIGCONT, SIGTERM a second later and SIGKILL a second after that (odls_base_sigkill_timeout), and
// exits 1 whatever its ranks return. The ranks must take SIGTERM as a single process does: stop
// after the same step, rank 0 saves --out and says so in one line (the single process's SIGTERM
// notice, no stack trace), the checkpoint whole and equal, bit for bit, to a single-process run of
// as many epochs; the job over within seconds, no rank left behind. And a rank killed outright
// (SIGKILL): the job ends within seconds, mpirun naming the rank and signal, the last checkpoint
// whole. Skipped, with the reason printed, where mpirun or the addon is missing.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { withoutMpiEnvironment } from '@shardwise/mpi';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../packages/cli/src/model/model.js';
import { findLauncher } from '../../packages/mpi/src/testing/mpirun.js';
import { BIN, jsonLines, lines, runCli, tempDir } from '../cli/cli-harness.js';

const launcher = findLauncher();
if (launcher.skip) console.warn(`skipping the MPI Ctrl-C test: ${launcher.skip}`);
const dir = tempDir('mpi-interrupt');
afterAll(() => dir.remove());

/** Tiny data, one step per epoch (every stop is at an epoch's end), far too many epochs to finish. */
const RUN = [
  'train',
  '--dataset',
  'moons',
  '--samples',
  '60',
  '--hidden',
  '4',
  '--batch-size',
  '60',
  '--optimizer',
  'adam',
  '--seed',
  '5',
];
const EPOCHS = '100000';
/** How long the job may take to end after Ctrl-C: a guard against a hang, not a timing claim. */
const HANG_GUARD_MS = 30_000;

interface Interrupted {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether the job was still running HANG_GUARD_MS after the SIGINT (it was then killed). */
  readonly hung: boolean;
}

/** Starts the job, calls `act` (default: SIGINT to mpirun) once rank 0 has reported its first epoch, waits for the end. */
function interruptAfterFirstEpoch(
  out: string,
  act: (mpirun: ChildProcess) => void = (mpirun) => mpirun.kill('SIGINT'),
): Promise<Interrupted> {
  const child = spawn(
    'mpirun',
    [
      '--oversubscribe',
      '--bind-to',
      'none',
      '-np',
      '2',
      process.execPath,
      BIN,
      ...RUN,
      '--workers',
      '1',
      '--epochs',
      EPOCHS,
      '--save-every',
      '1',
      '--json',
      '--out',
      out,
    ],
    {
      cwd: dir.path,
      env: {
        ...withoutMpiEnvironment(process.env),
        OMPI_ALLOW_RUN_AS_ROOT: '1',
        OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
      },
    },
  );
  let stdout = '';
  let stderr = '';
  let hung = false;
  let guard: NodeJS.Timeout | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (guard === undefined && /"type":"epoch"/.test(stdout)) {
      act(child);
      guard = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, HANG_GUARD_MS);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // Before the first epoch, a job that fails or never trains ends here rather than at the test's timeout.
  const start = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(start);
      clearTimeout(guard);
      resolve({ status, signal, stdout, stderr, hung });
    });
  });
}

/** Processes whose command line mentions `text` (the ranks name the job's directory in --out). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (command.includes(text)) found.push(`${pid}: ${command}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** The pid of rank `rank`'s process (its command line names `text`), or undefined. */
function rankProcess(text: string, rank: number): number | undefined {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (command.includes(text) && environment.includes(`OMPI_COMM_WORLD_RANK=${rank}`)) return Number(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

/** The tensor bytes of a safetensors file (after its JSON header, which records the run's layout). */
function tensorBytes(path: string): Buffer {
  const file = readFileSync(path);
  return file.subarray(8 + Number(file.readBigUInt64LE(0)));
}

describe.skipIf(launcher.skip !== undefined)('Ctrl-C on mpirun', () => {
  it('every rank stops after the same epoch, rank 0 saves a whole checkpoint, the job ends, no trace', {
    timeout: 180_000,
  }, async () => {
    const out = dir.file('m.safetensors');
    const job = await interruptAfterFirstEpoch(out);
    expect(job.hung, `still running ${HANG_GUARD_MS} ms after SIGINT:\n${job.stderr}`).toBe(false);
    // mpirun's own status after Ctrl-C is 1 (OpenMPI's, not the ranks'): a failure, as 130 is.
    expect(job.signal, job.stderr).toBeNull();
    expect(job.status, job.stderr).not.toBe(0);
    expect(processesMentioning(dir.path)).toEqual([]);

    // Rank 0 alone reports; its stop is the single process's SIGTERM stop (which exits 143).
    const summary = jsonLines(job.stdout).at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', out, stopped: 'SIGTERM' });
    const epochs = summary.epochs as number;
    expect(epochs).toBeGreaterThanOrEqual(1);
    expect(lines(job.stderr)).toEqual([
      `shardwise: stopped by SIGTERM after ${epochs} of ${EPOCHS} epochs; checkpoint saved to ${out}`,
    ]);
    // Nothing else in the directory: no temporary file of an interrupted write.
    expect(readdirSync(dir.path)).toEqual(['m.safetensors']);

    // The checkpoint is the state after `epochs` whole epochs: a single process with as many
    // shards (2 workers) trained as far gives the same bytes, and it resumes.
    const straight = runCli([
      ...RUN,
      '--workers',
      '2',
      '--epochs',
      String(epochs),
      '--out',
      dir.file('s.safetensors'),
    ]);
    expect(straight.status, straight.stderr).toBe(0);
    expect(tensorBytes(out).equals(tensorBytes(dir.file('s.safetensors')))).toBe(true);
    const resumed = runCli(['train', '--resume', out, '--epochs', String(epochs + 1)], { cwd: dir.path });
    expect(resumed.status, resumed.stderr).toBe(0);
  });
  it('a rank killed outright ends the job within seconds, naming the rank; the last checkpoint stays whole', {
    timeout: 180_000,
  }, async () => {
    const out = dir.file('k.safetensors');
    let killed: number | undefined;
    const job = await interruptAfterFirstEpoch(out, () => {
      killed = rankProcess(out, 1);
      if (killed !== undefined) process.kill(killed, 'SIGKILL');
    });
    expect(killed, 'rank 1 found').toBeDefined();
    expect(job.hung, `still running ${HANG_GUARD_MS} ms after the kill:\n${job.stderr}`).toBe(false);
    expect(job.status, job.stderr).not.toBe(0);
    expect(processesMentioning(out)).toEqual([]);
    // The killed rank cannot speak: mpirun names it and its signal; no JavaScript stack trace.
    expect(job.stderr).toMatch(/rank 1\b.*signal 9/);
    expect(job.stderr).not.toMatch(/^\s+at /m);
    // --save-every 1 wrote whole epochs before the kill: the file is one of them, whole and valid.
    const model = await loadModel(out);
    expect(model.config.sizes).toEqual([2, 4, 2]);
  });
});
