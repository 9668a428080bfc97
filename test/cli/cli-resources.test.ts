// Runs too large for the machine are refused before anything is allocated, inputs that are not
// regular files are refused before they are opened for a blocking read, and a stop signal ends
// a run while its data is still being generated.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  expectUserError,
  lines,
  requireBuiltBinary,
  runCli,
  SMALL_RUN,
  tempDir,
} from './cli-harness.js';
import { runInProcess } from './cli-in-process.js';

const dir = tempDir('resources');
let socketServer: Server | undefined;
beforeAll(requireBuiltBinary);
afterAll(() => {
  socketServer?.close();
  dir.remove();
});

describe('a run too large for the machine fails at once, naming the flag that makes it large', () => {
  it.each([
    // Each of these would need far more than any machine has; none may start allocating.
    [['--dataset', 'blobs', '--features', '1000000000', '--samples', '10'], '--features 1000000000'],
    [['--samples', '1000000000000'], '--samples 1000000000000'],
    [['--samples', '2000000000'], '--samples 2000000000'],
    [
      ['--dataset', 'teacher', '--samples', '1000000', '--features', '20000'],
      '--samples 1000000 with --features 20000',
    ],
    [
      ['--hidden', '60000,60000', '--dtype', 'f64', '--kernels', 'ts', '--samples', '100'],
      '--hidden 60000,60000',
    ],
    [['--hidden', '100000,100000', '--samples', '100'], '--hidden 100000,100000'],
  ])('train %j', (flags, named) => {
    const result = runCli(['train', ...flags, '--epochs', '1'], { timeoutMs: 60_000 });
    expectUserError(result, 2, named);
    expect(lines(result.stderr)[0]).toMatch(/memory|typed array/);
    expect(result.stderr).not.toMatch(/Invalid typed array length|internal error/);
  });

  it('--workers beyond 8 per core is refused with the limit (--workers 1000)', () => {
    const result = runCli(['train', ...SMALL_RUN.slice(0, -2), '--workers', '1000', '--epochs', '1']);
    expectUserError(result, 2, '--workers 1000', 'per core');
  });

  it('a worker count saved in a checkpoint is held to the same limit, naming the checkpoint', () => {
    const saved = dir.file('many-workers.safetensors');
    expect(runCli(['train', ...SMALL_RUN, '--epochs', '1', '--out', saved]).status).toBe(0);
    rewriteTrainingOptions(saved, (options) => ({ ...options, workers: 100_000 }));
    const result = runCli(['train', '--resume', saved, '--epochs', '2']);
    expectUserError(result, 2, saved, '100000 workers');
    expect(result.stderr).toMatch(/hint: resume with --workers \d+/);
    // The way out the hint gives works.
    const resumed = runCli(['train', '--resume', saved, '--epochs', '2', '--workers', '1']);
    expect(resumed.status, resumed.stderr).toBe(0);
  });
});

/** Rewrites the saved run settings in a checkpoint's metadata (a hostile or damaged file). */
function rewriteTrainingOptions(
  path: string,
  change: (options: Record<string, unknown>) => Record<string, unknown>,
) {
  const bytes = readFileSync(path);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as {
    __metadata__: Record<string, string>;
  };
  const training = JSON.parse(header.__metadata__.training!) as { options: Record<string, unknown> };
  training.options = change(training.options);
  header.__metadata__.training = JSON.stringify(training);
  let text = JSON.stringify(header);
  while (text.length % 8 !== 0) text += ' ';
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(text)));
  writeFileSync(path, Buffer.concat([length, Buffer.from(text), bytes.subarray(8 + headerLength)]));
}

describe('inputs that are not regular files are refused before reading', () => {
  const kinds: [string, () => string, RegExp][] = [
    [
      'a FIFO',
      () => {
        const path = dir.file(`fifo-${Math.random().toString(36).slice(2)}`);
        execFileSync('mkfifo', [path]);
        return path;
      },
      /named pipe \(FIFO\)/,
    ],
    ['a character device', () => '/dev/zero', /character device/],
    ['a directory', () => dir.path, /directory/],
    [
      'a socket',
      () => {
        const path = dir.file('listening.sock');
        if (!socketServer) {
          socketServer = createServer();
          socketServer.listen(path);
        }
        return path;
      },
      /socket/,
    ],
  ];
  let trained: string | undefined;
  const model = () => {
    if (trained) return trained;
    const path = dir.file('model.safetensors');
    if (runCli(['train', ...SMALL_RUN, '--epochs', '1', '--out', path]).status !== 0)
      throw new Error('setup');
    trained = path;
    return path;
  };
  const data = () => dir.write('rows.csv', 'x0,x1,label\n0,1,0\n1,0,1\n');
  const commands: [string, (input: string) => string[]][] = [
    ['train --data', (input) => ['train', '--data', input, '--epochs', '1']],
    ['train --init', (input) => ['train', '--init', input, '--epochs', '1']],
    ['train --resume', (input) => ['train', '--resume', input, '--epochs', '1']],
    ['eval --model', (input) => ['eval', '--model', input, '--data', data()]],
    ['eval --data', (input) => ['eval', '--model', model(), '--data', input]],
    ['predict --model', (input) => ['predict', '--model', input, '--data', data()]],
    ['predict --data', (input) => ['predict', '--model', model(), '--data', input]],
  ];
  for (const [kind, make, described] of kinds) {
    it.each(commands)(`${kind} as %s`, async (_, args) => {
      if (process.platform === 'win32') return;
      const input = make();
      // A hang (the old behaviour for a FIFO) fails through the timeout. train runs in this
      // process (cli-in-process.ts), except on /dev/zero, whose endless read would be this one's.
      const command = args(input);
      const inProcess = command[0] === 'train' && kind !== 'a character device';
      const result = inProcess ? await runInProcess(command) : runCli(command, { timeoutMs: 30_000 });
      expectUserError(result, 1, input);
      expect(lines(result.stderr)[0]).toMatch(described);
    });
  }
});

describe('a stop signal while the data is generated ends the run at once', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s → exit %i, saying nothing was trained', async (signal, code) => {
    if (process.platform !== 'linux') return; // readiness is read from /proc
    // Tens of seconds of generation (150000 rows × 1000 features through a 32-unit teacher).
    const child = spawn(process.execPath, [
      BIN,
      'train',
      '--dataset',
      'teacher',
      '--samples',
      '150000',
      '--features',
      '1000',
      '--hidden',
      '8',
      '--workers',
      '1',
      '--epochs',
      '1',
    ]);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const ended = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
    // Generation has begun once the rows' memory grows: wait for that, then signal.
    while (residentMiB(child.pid!) < 200) {
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill(signal);
    const status = await ended;
    expect(status, stderr).toBe(code);
    expect(stderr).toBe(`shardwise: stopped by ${signal} while loading the data; nothing trained\n`);
  });
});

/** Resident memory of process `pid` in MiB (0 once it is gone). */
function residentMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
