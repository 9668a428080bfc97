// Runs the built `shardwise` binary (packages/cli/dist/bin.js) as a user would, in temp dirs.
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutMpiEnvironment } from '@shardwise/mpi';
import { expect } from 'vitest';

export const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment for runs: no debug stacks unless a test asks for them, and no MPI launcher
 * variables (a test run inside an MPI job must not make its children ranks) unless a test asks.
 */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...withoutMpiEnvironment(process.env), ...extra };
  if (!('SHARDWISE_DEBUG' in extra)) delete env.SHARDWISE_DEBUG;
  return env;
}

export function requireBuiltBinary(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (pnpm exec tsc -b)`);
}

/** Runs `shardwise ...args` to completion. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): CliResult {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: cliEnv(options.env),
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `shardwise ...args`; `onStdoutLine` sees each stdout line as it arrives. */
export function startCli(
  args: readonly string[],
  onStdoutLine: (line: string, child: ReturnType<typeof spawn>) => void,
  options: { cwd?: string } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cliEnv() });
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      onStdoutLine(pending.slice(0, newline), child);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** The non-empty lines of `text`. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}

/** Parses every stdout line as JSON. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return lines(text).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A temp directory for one test file, removed by `remove()`. */
export function tempDir(prefix: string) {
  const path = mkdtempSync(join(tmpdir(), `shardwise-${prefix}-`));
  return {
    path,
    file: (name: string) => join(path, name),
    write: (name: string, text: string) => {
      const file = join(path, name);
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/**
 * Asserts a user-facing failure: exit `code`, one `shardwise: ` line mentioning each of
 * `mentions` (plus at most a `hint:` line), no stack trace, no help dump.
 */
export function expectUserError(result: CliResult, code: number, ...mentions: string[]): void {
  expect(result.status, result.stderr).toBe(code);
  const [first, ...rest] = lines(result.stderr);
  expect(first).toMatch(/^shardwise: /);
  expect(first).not.toContain('internal error');
  for (const text of mentions) expect(first).toContain(text);
  expect(rest.length).toBeLessThanOrEqual(1);
  if (rest.length === 1) expect(rest[0]).toMatch(/^hint: /);
  expect(result.stderr).not.toMatch(/\n\s+at |Options:|Show help/);
}

/** Flags for small, quick runs. */
export const SMALL_RUN = ['--dataset', 'moons', '--samples', '200', '--hidden', '8', '--workers', '1'];
