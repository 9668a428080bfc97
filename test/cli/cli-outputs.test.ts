// Outputs never destroy anything: every file the CLI writes (train's --out, bench's --csv and
// --svg) × every kind of thing that may already sit at that path. Refusals come before any
// training or measuring, and leave the thing exactly as it was. The commands run in this process
// (cli-in-process.ts); one refusal of each output kind is checked against the binary's.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { loadModel } from 'shardwise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliResult,
  expectUserError,
  jsonLines,
  requireBuiltBinary,
  runCli,
  SMALL_RUN,
  tempDir,
} from './cli-harness.js';
import { runInProcess } from './cli-in-process.js';

const dir = tempDir('outputs');
let server: Server;
const SOCKET = dir.file('listening.sock');

beforeAll(async () => {
  requireBuiltBinary();
  server = createServer();
  await new Promise<void>((done) => server.listen(SOCKET, done));
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  dir.remove();
});

const CSV = 'x0,x1,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.5,0.5,0\n';

/** Each output kind: the command writing `path`, its exit code on refusal, and how it names the path. */
interface OutputKind {
  readonly args: (path: string, data: string) => string[];
  readonly refusalCode: number;
  readonly names: (path: string) => string;
  /** Whether an existing run input (the --data file) can be given for the refusal case. */
  readonly readsData: boolean;
}

const BENCH = ['bench', '--workload', 'tiny', '--workers', '1', '--seconds', '0.2', '--repetitions', '5'];
const OUTPUT_KINDS: Record<string, OutputKind> = {
  'train --out': {
    args: (path, data) => [
      'train',
      '--data',
      data,
      '--hidden',
      '4',
      '--workers',
      '1',
      '--epochs',
      '1',
      '--json',
      '--out',
      path,
    ],
    refusalCode: 1,
    names: (path) => `cannot save to ${path}: `,
    readsData: true,
  },
  'bench --csv': {
    args: (path) => [...BENCH, '--json', '--csv', path],
    refusalCode: 2,
    names: (path) => `--csv ${path}: cannot write it: `,
    readsData: false,
  },
  'bench --svg': {
    args: (path) => [...BENCH, '--json', '--svg', path],
    refusalCode: 2,
    names: (path) => `--svg ${path}: cannot write it: `,
    readsData: false,
  },
};

/** Things that are not regular files; each knows how to check it is still what it was. */
interface BadTarget {
  readonly make: (where: string) => string;
  readonly intact: (path: string) => boolean;
  readonly device?: true;
}
const NOT_REGULAR: Record<string, BadTarget> = {
  FIFO: {
    make: (where) => {
      execFileSync('mkfifo', [join(where, 'fifo')]);
      return join(where, 'fifo');
    },
    intact: (path) => lstatSync(path).isFIFO(),
  },
  socket: { make: () => SOCKET, intact: (path) => lstatSync(path).isSocket() },
  directory: {
    make: (where) => {
      mkdirSync(join(where, 'sub'));
      writeFileSync(join(where, 'sub', 'keep'), 'x');
      return join(where, 'sub');
    },
    intact: (path) => readdirSync(path).join() === 'keep',
  },
  '/dev/null': {
    make: () => '/dev/null',
    intact: (path) => statSync(path).isCharacterDevice(),
    device: true,
  },
  '/dev/full': {
    make: () => '/dev/full',
    intact: (path) => statSync(path).isCharacterDevice(),
    device: true,
  },
};

let counter = 0;
function caseDir(): { where: string; data: string } {
  const where = dir.file(`case-${counter++}`);
  mkdirSync(where);
  const data = join(where, 'good.csv');
  writeFileSync(data, CSV);
  return { where, data };
}

/** Refused as a user error naming the path, before any work: nothing on stdout but bench's machine line. */
function expectRefused(kind: OutputKind, result: CliResult, path: string, reason: string) {
  expectUserError(result, kind.refusalCode, kind.names(path), reason);
  const records = jsonLines(result.stdout);
  expect(records.filter((record) => record.type !== 'machine')).toEqual([]);
}

describe.each(Object.entries(OUTPUT_KINDS))('%s', (_name, kind) => {
  for (const [target, bad] of Object.entries(NOT_REGULAR)) {
    for (const via of ['given directly', 'behind a symbolic link']) {
      it(`refuses ${target} ${via}, even with --force, and leaves it as it was`, async () => {
        const { where, data } = caseDir();
        // Before a real device: the same refusal on a FIFO of our own, so a regression fails
        // here instead of replacing /dev/null with a file.
        if (bad.device) {
          const canary = NOT_REGULAR.FIFO!.make(where);
          expectRefused(
            kind,
            await runInProcess([...kind.args(canary, data), '--force'], { cwd: where }),
            canary,
            'FIFO',
          );
          expect(lstatSync(canary).isFIFO()).toBe(true);
          rmSync(canary);
        }
        const thing = bad.make(where);
        const path = via === 'given directly' ? thing : join(where, 'link');
        if (path !== thing) symlinkSync(thing, path);
        const result = await runInProcess([...kind.args(path, data), '--force'], { cwd: where });
        expectRefused(kind, result, path, 'not a regular file');
        expect(bad.intact(thing)).toBe(true);
        if (path !== thing) expect(readlinkSync(path)).toBe(thing);
        expect(readFileSync(data, 'utf8')).toBe(CSV);
        expect(readdirSync(where).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      });
    }
  }

  it('the binary reports a refusal exactly as the in-process run does', async () => {
    const { where, data } = caseDir();
    const fifo = NOT_REGULAR.FIFO!.make(where);
    const args = [...kind.args(fifo, data), '--force'];
    const binary = runCli(args, { cwd: where });
    expectRefused(kind, binary, fifo, 'not a regular file');
    expect(binary).toEqual(await runInProcess(args, { cwd: where }));
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses to replace a file that is not its own unless --force', async () => {
    const { where, data } = caseDir();
    const path = join(where, 'notes.txt');
    writeFileSync(path, 'precious notes');
    const refused = await runInProcess(kind.args(path, data), { cwd: where });
    expectRefused(kind, refused, path, 'the file exists');
    expect(refused.stderr).toContain('hint: add --force to replace it');
    expect(readFileSync(path, 'utf8')).toBe('precious notes');

    const forced = await runInProcess([...kind.args(path, data), '--force'], { cwd: where });
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toBe('precious notes');
  });

  it('writes through a symbolic link: the named file is replaced, the link stays', async () => {
    const { where, data } = caseDir();
    mkdirSync(join(where, 'runs'));
    symlinkSync('runs/result', join(where, 'latest'));
    const result = await runInProcess(kind.args('latest', data), { cwd: where });
    expect(result.status, result.stderr).toBe(0);
    expect(lstatSync(join(where, 'latest')).isSymbolicLink()).toBe(true);
    expect(statSync(join(where, 'runs', 'result')).size).toBeGreaterThan(0);
    expect(readdirSync(join(where, 'runs'))).toEqual(['result']);
  });

  if (kind.readsData) {
    const aliases: Record<string, (where: string, data: string) => string> = {
      'the same path': (_where, data) => data,
      'a different spelling (./)': () => './good.csv',
      'a symbolic link': (where) => {
        symlinkSync('good.csv', join(where, 'alias.csv'));
        return 'alias.csv';
      },
      'a hard link': (where, data) => {
        linkSync(data, join(where, 'hard.csv'));
        return 'hard.csv';
      },
    };
    for (const [name, alias] of Object.entries(aliases)) {
      it(`refuses its own --data file given as ${name}, even with --force`, async () => {
        const { where, data } = caseDir();
        const path = alias(where, data);
        const result = await runInProcess([...kind.args(path, 'good.csv'), '--force'], { cwd: where });
        expectRefused(kind, result, path, 'it is the --data file of this run');
        expect(readFileSync(data, 'utf8')).toBe(CSV);
      });
    }
  }
});

describe('bench --svg and --csv', () => {
  it('refuses the same file under two spellings', async () => {
    const { where } = caseDir();
    const result = await runInProcess([...BENCH, '--svg', 'out', '--csv', './out'], { cwd: where });
    expectUserError(result, 2, 'it is the --csv file of this run');
    expect(existsSync(join(where, 'out'))).toBe(false);
  });
});

describe('train --out and the checkpoints of the run', () => {
  const RUN = [...SMALL_RUN, '--json'];

  it('replaces its own earlier checkpoint without --force, and resumes into it', async () => {
    const { where } = caseDir();
    expect(
      (await runInProcess(['train', ...RUN, '--epochs', '1', '--out', 'm.safetensors'], { cwd: where }))
        .status,
    ).toBe(0);
    expect(
      (await runInProcess(['train', ...RUN, '--epochs', '1', '--out', 'm.safetensors'], { cwd: where }))
        .status,
    ).toBe(0);
    const resumed = await runInProcess(
      ['train', '--resume', 'm.safetensors', '--epochs', '2', '--out', './m.safetensors'],
      {
        cwd: where,
      },
    );
    expect(resumed.status, resumed.stderr).toBe(0);
  });

  it("refuses the --init checkpoint and the resumed checkpoint's data file", async () => {
    const { where, data } = caseDir();
    const first = await runInProcess(
      ['train', '--data', 'good.csv', '--hidden', '4', '--epochs', '1', '--out', 'm.safetensors'],
      {
        cwd: where,
      },
    );
    expect(first.status, first.stderr).toBe(0);
    const before = readFileSync(join(where, 'm.safetensors'));

    const init = await runInProcess(
      ['train', '--data', 'good.csv', '--init', 'm.safetensors', '--out', 'm.safetensors'],
      {
        cwd: where,
      },
    );
    expectUserError(init, 1, 'cannot save to m.safetensors', 'it is the --init checkpoint');
    expect(readFileSync(join(where, 'm.safetensors')).equals(before)).toBe(true);

    const resume = await runInProcess(
      ['train', '--resume', 'm.safetensors', '--epochs', '2', '--out', 'good.csv', '--force'],
      {
        cwd: where,
      },
    );
    expectUserError(resume, 1, 'cannot save to good.csv', 'training data');
    expect(readFileSync(data, 'utf8')).toBe(CSV);
    await expect(loadModel(join(where, 'm.safetensors'))).resolves.toBeDefined();
  });

  it('--force needs --out', async () => {
    expectUserError(await runInProcess(['train', ...RUN, '--force']), 2, '--force needs --out');
  });
});
