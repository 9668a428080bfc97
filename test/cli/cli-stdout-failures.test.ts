// stdout and stderr fail like files: a full disk (/dev/full) gives one line on stderr and exit 1
// after the checkpoint is saved; a reader that leaves (`| head`) ends the command quietly. No
// stack traces, no lost training runs.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, lines, requireBuiltBinary, SMALL_RUN, tempDir } from './cli-harness.js';

const dir = tempDir('stdout-failures');
beforeAll(() => {
  requireBuiltBinary();
  // /dev/full is the failing disk of these tests; it must be (and stay) a character device.
  expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
});
afterAll(() => {
  dir.remove();
  expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
});

const env = () => cliEnv();

/** Runs `shardwise ...args` with stdout (or stderr) going to /dev/full. */
function runInto(stream: 'stdout' | 'stderr', args: readonly string[]) {
  const full = openSync('/dev/full', 'w');
  try {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      cwd: dir.path,
      env: env(),
      encoding: 'utf8',
      timeout: 120_000,
      stdio: stream === 'stdout' ? ['ignore', full, 'pipe'] : ['ignore', 'pipe', full],
    });
    if (result.error) throw result.error;
    return result;
  } finally {
    closeSync(full);
  }
}

/** The epoch count a checkpoint records (read from its safetensors header). */
function savedEpochs(path: string): number {
  const bytes = readFileSync(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  return (JSON.parse(header.__metadata__.training) as { epoch: number }).epoch;
}

const NO_SPACE = 'shardwise: cannot write to stdout: no space left on device (ENOSPC)';

/** One line on stderr, exit 1, no trace. */
function expectStdoutFailure(result: { status: number | null; stderr: string }) {
  expect(result.status, result.stderr).toBe(1);
  expect(lines(result.stderr)).toEqual([NO_SPACE]);
}

describe('stdout on a full disk', () => {
  for (const mode of [['--json'], ['--no-json']]) {
    it(`train ${mode.join(' ')} trains to the end, saves --out, then reports one line and exits 1`, () => {
      const out = dir.file(`full${mode[0]}.safetensors`);
      const result = runInto('stdout', ['train', ...SMALL_RUN, '--epochs', '3', ...mode, '--out', out]);
      expectStdoutFailure(result);
      expect(savedEpochs(out)).toBe(3);
    });
  }

  it('train without --out, predict, eval, bench and --help: one line, exit 1', () => {
    const model = dir.file('model.safetensors');
    const trained = spawnSync(
      process.execPath,
      [BIN, 'train', ...SMALL_RUN, '--epochs', '1', '--out', model],
      {
        env: env(),
      },
    );
    expect(trained.status).toBe(0);
    const rows = dir.write('rows.csv', 'x0,x1\n0.1,0.2\n0.3,0.4\n');
    const commands = [
      ['train', ...SMALL_RUN, '--epochs', '2', '--json'],
      ['predict', '--model', model, '--data', rows],
      ['eval', '--model', model, '--dataset', 'moons', '--samples', '50'],
      ['eval', '--model', model, '--dataset', 'moons', '--samples', '50', '--json'],
      ['bench', '--workload', 'tiny', '--workers', '1', '--seconds', '0.2', '--json'],
      ['--help'],
    ];
    for (const command of commands) expectStdoutFailure(runInto('stdout', command));
  });
});

describe('stderr on a full disk never crashes', () => {
  it('a usage error keeps its exit code 2', () => {
    const result = runInto('stderr', ['train', '--epochs', 'x']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
  });

  it('a refused --out keeps its exit code 1', () => {
    const result = runInto('stderr', ['train', ...SMALL_RUN, '--out', dir.path]);
    expect(result.status).toBe(1);
    expect(statSync(dir.path).isDirectory()).toBe(true);
  });

  it('a run whose warning is lost still trains and saves, and exits 1 for the lost output', () => {
    const out = dir.file('warned.safetensors');
    const workers = String(availableParallelism() + 1); // more than the cores: a warning on stderr
    const args = [
      'train',
      ...SMALL_RUN.filter((_, i, all) => all[i - 1] !== '--workers' && all[i] !== '--workers'),
    ];
    const result = runInto('stderr', [
      ...args,
      '--workers',
      workers,
      '--epochs',
      '2',
      '--json',
      '--out',
      out,
    ]);
    expect(result.status).toBe(1);
    expect(lines(result.stdout).map((line) => JSON.parse(line).type)).toEqual(['epoch', 'epoch', 'summary']);
    expect(savedEpochs(out)).toBe(2);
  });
});

/** Starts `shardwise ...args`, closes stdout after the first line (as `| head -1` does), resolves when it exits. */
function readFirstLineThenClose(args: readonly string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir.path, env: env() });
  let stderr = '';
  let first = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (first.includes('\n')) return;
    first += chunk;
    if (first.includes('\n')) child.stdout.destroy();
  });
  return new Promise<{ status: number | null; stderr: string; first: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr, first: first.split('\n')[0]! }));
  });
}

describe('a reader that leaves (EPIPE)', () => {
  it('train --json --out … | head -1: trains every epoch, saves, exits 0 without a word', async () => {
    const out = dir.file('piped.safetensors');
    const result = await readFirstLineThenClose([
      'train',
      ...SMALL_RUN,
      '--epochs',
      '20',
      '--json',
      '--out',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.first)).toMatchObject({ type: 'epoch', epoch: 1 });
    expect(savedEpochs(out)).toBe(20);
  });

  it('train --json | head -1 without --out: nothing is left to produce, so it stops early and quietly', async () => {
    // Far more epochs than the test's time allows: it only ends because it stops.
    const result = await readFirstLineThenClose(['train', ...SMALL_RUN, '--epochs', '1000000', '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('predict … | head -1 ends quietly', async () => {
    const model = dir.file('predict-model.safetensors');
    expect(
      spawnSync(process.execPath, [BIN, 'train', ...SMALL_RUN, '--epochs', '1', '--out', model]).status,
    ).toBe(0);
    const rows = ['x0,x1', ...Array.from({ length: 200_000 }, (_, i) => `${i % 7},${i % 5}`)].join('\n');
    writeFileSync(dir.file('many.csv'), `${rows}\n`);
    const result = await readFirstLineThenClose([
      'predict',
      '--model',
      model,
      '--data',
      dir.file('many.csv'),
    ]);
    expect(result.first).toBe('label,p0,p1');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
