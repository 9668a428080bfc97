// Packs the workspace's packages as tarballs (`scripts/pack-all.mjs`, what `pnpm pack:all` runs)
// and installs them with npm into a fresh project under the OS temp folder, outside the
// workspace: the way a user gets shardwise, with none of the workspace's node_modules in reach.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutMpiEnvironment } from '@shardwise/mpi';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The repository's own TypeScript compiler, so type-checking a consumer downloads nothing. */
export const REPO_TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** A temporary npm project with the packed tarballs installed. */
export interface InstalledProject {
  /** The project folder (real path), outside the repository. */
  readonly dir: string;
  /** The tarballs it installed. */
  readonly tarballs: readonly string[];
  /** Removes the project and the tarballs. */
  remove(): void;
}

/** The result of a finished child process. */
export interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment for commands in the project: this test's Node.js first on PATH (so `npm`,
 * `npx` and the `shardwise` bin run on the Node.js under test), no module paths, pnpm or MPI
 * launcher variables leaking in from the workspace run.
 */
export function projectEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = withoutMpiEnvironment(process.env);
  for (const name of Object.keys(env)) {
    if (name === 'NODE_PATH' || name === 'INIT_CWD' || name.startsWith('npm_') || name.startsWith('PNPM_')) {
      delete env[name];
    }
  }
  delete env.SHARDWISE_DEBUG;
  env.PATH = `${dirname(process.execPath)}${delimiter}${env.PATH ?? ''}`;
  return { ...env, ...extra };
}

/** Runs a command to completion in `cwd`; never throws on a non-zero exit. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 120_000,
  extraEnv: Record<string, string> = {},
): Finished {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: projectEnv(extraEnv),
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Throws with the command's output unless it exited 0; returns its stdout. */
export function runOk(command: string, args: readonly string[], cwd: string, timeoutMs?: number): string {
  const result = run(command, args, cwd, timeoutMs);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Packs the built packages and npm-installs the tarballs into a new temporary project. */
export function installPackedPackages(): InstalledProject {
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'shardwise-install-')));
  if (work.startsWith(realpathSync(REPO_ROOT))) throw new Error(`${work} is inside the repository`);
  const tarballDir = join(work, 'tarballs');
  const dir = join(work, 'project');
  runOk(process.execPath, [join(REPO_ROOT, 'scripts', 'pack-all.mjs'), tarballDir], REPO_ROOT);
  const tarballs = readdirSync(tarballDir)
    .filter((name) => name.endsWith('.tgz'))
    .map((name) => join(tarballDir, name));
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], dir, 300_000);
  return { dir, tarballs, remove: () => rmSync(work, { recursive: true, force: true }) };
}
