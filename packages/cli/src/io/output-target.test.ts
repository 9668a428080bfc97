// The output rule, as one table: every kind of thing that may sit at an output path, and what
// the rule and the atomic writer do with it. Runs as root too (no reliance on permission bits).
import { execFileSync } from 'node:child_process';
import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';
import { checkOutputTarget, type OutputPolicy } from './output-target.js';

const root = mkdtempSync(join(tmpdir(), 'shardwise-output-target-'));
let socketServer: Server;
const socketPath = join(root, 'listening.sock');

beforeAll(async () => {
  socketServer = createServer();
  await new Promise<void>((done) => socketServer.listen(socketPath, done));
});
afterAll(async () => {
  await new Promise<void>((done) => socketServer.close(() => done()));
  rmSync(root, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);
const policy = (extra: Partial<OutputPolicy> = {}): OutputPolicy => ({
  label: '--out',
  forceName: '--force',
  what: 'ours',
  isOurs: async (path) => readFileSync(path, 'utf8').startsWith('OURS'),
  ...extra,
});

let counter = 0;
/** A fresh directory per case, so leftovers of one case cannot hide in another. */
function freshDir(): string {
  const dir = join(root, `case-${counter++}`);
  mkdirSync(dir);
  return dir;
}

/** Things that are not regular files, each with a check that it is still what it was. */
const NOT_REGULAR: Record<string, { make: (dir: string) => string; intact: (path: string) => boolean }> = {
  'a character device (/dev/null)': {
    make: () => '/dev/null',
    intact: (p) => statSync(p).isCharacterDevice(),
  },
  'a character device (/dev/full)': {
    make: () => '/dev/full',
    intact: (p) => statSync(p).isCharacterDevice(),
  },
  'a FIFO': {
    make: (dir) => {
      const path = join(dir, 'fifo');
      execFileSync('mkfifo', [path]);
      return path;
    },
    intact: (p) => lstatSync(p).isFIFO(),
  },
  'a socket': { make: () => socketPath, intact: (p) => lstatSync(p).isSocket() },
  'a directory': {
    make: (dir) => {
      const path = join(dir, 'sub');
      mkdirSync(path);
      writeFileSync(join(path, 'inside'), 'x');
      return path;
    },
    intact: (p) => lstatSync(p).isDirectory() && readdirSync(p).join() === 'inside',
  },
};

/**
 * A canary before touching a real device: the same refusal on a FIFO of our own. If the rule has
 * regressed the test fails here, before a broken writer could replace /dev/null with a file.
 */
async function expectFifoRefused(dir: string): Promise<void> {
  const fifo = join(dir, 'canary-fifo');
  execFileSync('mkfifo', [fifo]);
  await expect(checkOutputTarget(fifo, policy({ force: true }))).rejects.toThrow('not a regular file');
  await expect(writeFileAtomic(fifo, [bytes('x')])).rejects.toThrow('not a regular file');
  expect(lstatSync(fifo).isFIFO()).toBe(true);
  rmSync(fifo);
}

describe('an output path that is not a regular file is refused, by the check and by the writer', () => {
  for (const [kind, { make, intact }] of Object.entries(NOT_REGULAR)) {
    for (const via of ['directly', 'through a symbolic link'] as const) {
      it(`${kind}, ${via}`, async () => {
        const dir = freshDir();
        if (kind.includes('/dev/')) await expectFifoRefused(dir);
        const thing = make(dir);
        const path = via === 'directly' ? thing : join(dir, 'link');
        if (via !== 'directly') symlinkSync(thing, path);
        const before = readdirSync(dir).sort();
        await expect(checkOutputTarget(path, policy({ force: true }))).rejects.toMatchObject({
          code: 'ESHARDWISEOUTPUT',
          message: expect.stringContaining('not a regular file'),
        });
        await expect(writeFileAtomic(path, [bytes('data')])).rejects.toMatchObject({
          code: 'ESHARDWISEOUTPUT',
        });
        expect(intact(thing)).toBe(true);
        if (via !== 'directly') expect(readlinkSync(path)).toBe(thing);
        expect(readdirSync(dir).sort()).toEqual(before);
      });
    }
  }
});

describe('an output path that is an input of the run is refused, whatever it is called', () => {
  const names: Record<string, (dir: string, input: string) => string> = {
    'the same string': (_dir, input) => input,
    'a relative path': (_dir, input) => relative(process.cwd(), input),
    'a path with ./ and ..': (dir, input) => join(dir, '.', 'x', '..', input.slice(dir.length + 1)),
    'a symbolic link': (dir, input) => {
      symlinkSync(input, join(dir, 'link.csv'));
      return join(dir, 'link.csv');
    },
    'a hard link': (dir, input) => {
      linkSync(input, join(dir, 'hard.csv'));
      return join(dir, 'hard.csv');
    },
  };
  for (const [name, alias] of Object.entries(names)) {
    it(`${name}, even with force`, async () => {
      const dir = freshDir();
      const input = join(dir, 'data.csv');
      writeFileSync(input, 'x0,label\n1,0\n');
      const out = alias(dir, input);
      const rule = policy({ force: true, inputs: [{ label: 'the --data file', path: input }] });
      await expect(checkOutputTarget(out, rule)).rejects.toThrow('it is the --data file of this run');
      expect(readFileSync(input, 'utf8')).toBe('x0,label\n1,0\n');
    });
  }

  it('except the one the caller may replace (resuming into the checkpoint resumed from)', async () => {
    const dir = freshDir();
    const checkpoint = join(dir, 'm.st');
    writeFileSync(checkpoint, 'OURS');
    const rule = policy({
      inputs: [{ label: 'the --resume file', path: checkpoint }],
      mayReplace: checkpoint,
    });
    await expect(checkOutputTarget(`${dir}/./m.st`, rule)).resolves.toBe(checkpoint);
  });
});

describe('an existing regular file', () => {
  it('is replaced when it is ours, or empty', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'ours'), 'OURS v1');
    writeFileSync(join(dir, 'empty'), '');
    await expect(checkOutputTarget(join(dir, 'ours'), policy())).resolves.toBe(join(dir, 'ours'));
    await expect(checkOutputTarget(join(dir, 'empty'), policy())).resolves.toBe(join(dir, 'empty'));
  });

  it('is refused when it is not ours, unless forced', async () => {
    const dir = freshDir();
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'my notes');
    await expect(checkOutputTarget(path, policy())).rejects.toMatchObject({
      reason: 'the file exists and is not ours',
      hint: 'add --force to replace it, or choose another --out',
    });
    await expect(checkOutputTarget(path, policy({ force: true }))).resolves.toBe(path);
    expect(readFileSync(path, 'utf8')).toBe('my notes');
  });
});

describe('a symbolic link is written through', () => {
  it('the file it names is replaced atomically and the link stays a link', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'runs'));
    const real = join(dir, 'runs', 'model.bin');
    writeFileSync(real, 'OURS old');
    symlinkSync('runs/model.bin', join(dir, 'latest'));
    symlinkSync(join(dir, 'latest'), join(dir, 'latest-of-latest'));
    await expect(checkOutputTarget(join(dir, 'latest-of-latest'), policy())).resolves.toBe(real);
    await writeFileAtomic(join(dir, 'latest-of-latest'), [bytes('OURS new')]);
    expect(readFileSync(real, 'utf8')).toBe('OURS new');
    expect(lstatSync(join(dir, 'latest')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'latest-of-latest')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(dir, 'runs'))).toEqual(['model.bin']);
  });

  it('a dangling link creates the file it names', async () => {
    const dir = freshDir();
    symlinkSync('made.bin', join(dir, 'dangling'));
    await writeFileAtomic(join(dir, 'dangling'), [bytes('fresh')]);
    expect(readFileSync(join(dir, 'made.bin'), 'utf8')).toBe('fresh');
    expect(lstatSync(join(dir, 'dangling')).isSymbolicLink()).toBe(true);
  });

  it('a loop of links is refused', async () => {
    const dir = freshDir();
    symlinkSync(join(dir, 'b'), join(dir, 'a'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));
    await expect(writeFileAtomic(join(dir, 'a'), [bytes('x')])).rejects.toThrow('symbolic links');
    await expect(checkOutputTarget(join(dir, 'a'), policy())).rejects.toThrow('symbolic links');
  });
});

describe('the atomic writer checks again just before the rename', () => {
  it('a FIFO that appears at the target while writing is left alone, and no temporary file remains', async () => {
    const dir = freshDir();
    const path = join(dir, 'out.bin');
    async function* chunks() {
      yield bytes('first ');
      execFileSync('mkfifo', [path]);
      yield bytes('second');
    }
    await expect(writeFileAtomic(path, chunks())).rejects.toMatchObject({ code: 'ESHARDWISEOUTPUT' });
    expect(lstatSync(path).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.bin']);
  });
});

describe('directories', () => {
  it('a missing directory is named, with how to create it', async () => {
    const dir = freshDir();
    await expect(checkOutputTarget(join(dir, 'nope', 'x.bin'), policy())).rejects.toMatchObject({
      reason: expect.stringContaining('does not exist'),
      hint: expect.stringContaining('mkdir -p'),
    });
  });

  it('a file used as a directory is named', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'plain'), 'x');
    await expect(checkOutputTarget(join(dir, 'plain', 'x.bin'), policy())).rejects.toThrow(
      'is not a directory',
    );
  });
});
