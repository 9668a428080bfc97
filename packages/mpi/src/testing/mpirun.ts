// Starts `mpirun -np N node <script>` for the binding's tests and benchmarks: OpenMPI's or
// MPICH's (Hydra) launcher, as root where the tests run as root, ranks allowed to share cores,
// the child's MPI variables stripped (a test run inside an MPI job must not pass its rank on),
// and a timeout that ends the job rather than the test run hanging.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withoutMpiEnvironment } from '../mpi-environment.js';

/** The addon the install script builds. */
export const BUILT_ADDON = fileURLToPath(new URL('../../build/shardwise-mpi.node', import.meta.url));

/** Which launcher `mpirun` is, or why the MPI tests cannot run here (one line). */
export type Launcher =
  | { readonly flavour: 'openmpi' | 'mpich'; readonly skip?: undefined }
  | { readonly skip: string };

/** Finds `mpirun` and the built addon; the reason to skip when either is missing. */
export function findLauncher(): Launcher {
  const version = spawnSync('mpirun', ['--version'], {
    encoding: 'utf8',
    env: withoutMpiEnvironment(process.env),
  });
  if (version.error || version.status !== 0)
    return { skip: 'no mpirun on PATH (apt-get install openmpi-bin)' };
  if (!existsSync(BUILT_ADDON)) {
    return { skip: `the MPI addon is not built (${BUILT_ADDON} missing: no mpicc at install)` };
  }
  return { flavour: /open mpi|openrte/i.test(version.stdout) ? 'openmpi' : 'mpich' };
}

/** What a finished job printed and how it ended. */
export interface JobResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether the timeout ended it. */
  readonly timedOut: boolean;
}

/** The `mpirun` command line and environment that run `node <script> ...args` on `ranks` ranks. */
function mpirunCommand(
  flavour: 'openmpi' | 'mpich',
  ranks: number,
  script: string,
  args: readonly string[],
  mpirunArgs: readonly string[] = [],
): { args: string[]; env: NodeJS.ProcessEnv } {
  const launcherArgs =
    flavour === 'openmpi' ? ['--oversubscribe', '--bind-to', 'none', ...mpirunArgs] : [...mpirunArgs];
  return {
    args: ['-np', String(ranks), ...launcherArgs, process.execPath, script, ...args],
    env: {
      ...withoutMpiEnvironment(process.env),
      OMPI_ALLOW_RUN_AS_ROOT: '1',
      OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
    },
  };
}

/** Runs `node <script> ...args` on `ranks` ranks; ends the job (SIGTERM to mpirun, which kills its ranks) after `timeoutMs`. */
export function runRanks(
  flavour: 'openmpi' | 'mpich',
  ranks: number,
  script: string,
  args: readonly string[] = [],
  options: { timeoutMs?: number; mpirunArgs?: readonly string[] } = {},
): JobResult {
  const command = mpirunCommand(flavour, ranks, script, args, options.mpirunArgs);
  const result = spawnSync('mpirun', command.args, {
    encoding: 'utf8',
    env: command.env,
    timeout: options.timeoutMs ?? 30_000,
    killSignal: 'SIGTERM',
    maxBuffer: 16 * 1024 * 1024,
  });
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  if (result.error && !timedOut) throw result.error;
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut,
  };
}

/** Like {@link runRanks}, without blocking: the test process can work while the job runs. */
export function startRanks(
  flavour: 'openmpi' | 'mpich',
  ranks: number,
  script: string,
  args: readonly string[] = [],
  options: { timeoutMs?: number; mpirunArgs?: readonly string[] } = {},
): Promise<JobResult> {
  const command = mpirunCommand(flavour, ranks, script, args, options.mpirunArgs);
  const child = spawn('mpirun', command.args, { env: command.env });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, options.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut });
    });
  });
}
