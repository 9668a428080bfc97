import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { abandonWritesSync, whenWritesSettle, writeFileAtomic, writesInFlight } from './atomic-write.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-atomic-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);

/** Chunks that fail after the first one, as a failing disk or a bug mid-write would. */
function* failingChunks(): Generator<Uint8Array> {
  yield bytes('partial ');
  throw new Error('simulated failure');
}

describe('writeFileAtomic', () => {
  it('writes the concatenated chunks, replacing the old file and leaving no temporary files', async () => {
    const dir = await mkdtemp(join(directory, 'ok-'));
    const path = join(dir, 'out.bin');
    await writeFile(path, 'old content');
    await writeFileAtomic(path, [bytes('new '), bytes(''), bytes('content')]);
    expect(await readFile(path, 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['out.bin']);
  });

  it('accepts async chunk sources', async () => {
    const path = join(directory, 'async.bin');
    async function* chunks() {
      yield bytes('a');
      yield bytes('b');
    }
    await writeFileAtomic(path, chunks());
    expect(await readFile(path, 'utf8')).toBe('ab');
  });

  it('keeps the old file and removes the temporary one when writing fails', async () => {
    const dir = await mkdtemp(join(directory, 'fail-'));
    const path = join(dir, 'out.bin');
    await writeFile(path, 'old content');
    await expect(writeFileAtomic(path, failingChunks())).rejects.toThrow('simulated failure');
    expect(await readFile(path, 'utf8')).toBe('old content');
    expect(await readdir(dir)).toEqual(['out.bin']);
  });

  it('creates nothing under the target name when writing a new file fails', async () => {
    const dir = await mkdtemp(join(directory, 'fresh-'));
    await expect(writeFileAtomic(join(dir, 'out.bin'), failingChunks())).rejects.toThrow('simulated failure');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a directory target and leaves nothing behind', async () => {
    const dir = await mkdtemp(join(directory, 'rename-'));
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'inside'), 'x');
    await expect(writeFileAtomic(join(dir, 'taken'), [bytes('data')])).rejects.toMatchObject({
      code: 'ESHARDWISEOUTPUT',
      message: expect.stringContaining('a directory'),
    });
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readdir(join(dir, 'taken'))).toEqual(['inside']);
  });

  it('throws the file-system error when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(directory, 'nope', 'out.bin'), [bytes('x')])).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('writeFileAtomic removes temporaries that a killed writer left behind', () => {
  /** The id of a process that has exited (reuse within the test's lifetime is very unlikely). */
  function deadPid(): number {
    const child = spawnSync(process.execPath, ['-e', '']);
    return child.pid!;
  }

  it('on the next successful write, for dead processes and stale ones of its own pid only', async () => {
    const dir = await mkdtemp(join(directory, 'stale-'));
    const dead = deadPid();
    const nonce = 'a1b2c3d4e5f6';
    const leftovers = {
      deadWriter: `.out.bin.${dead}-0.${nonce}.tmp`,
      deadWorkerThread: `.out.bin.${dead}-3.${nonce}.tmp`,
      olderNaming: `.out.bin.${dead}.${nonce}.tmp`,
      ownPidReused: `.out.bin.${process.pid}-${threadId}.${nonce}.tmp`,
    };
    const kept = [
      `.out.bin.${process.ppid}-0.${nonce}.tmp`, // a live process: may be writing right now
      `.out.bin.${process.pid}-${threadId + 1}.${nonce}.tmp`, // another thread of this process
      `.other.bin.${dead}.${nonce}.tmp`, // another target's
      '.out.bin.notes.tmp', // not a name the writer makes
      `.out.bin.${dead}.short.tmp`,
      'out.bin.bak',
    ];
    for (const name of [...Object.values(leftovers), ...kept]) await writeFile(join(dir, name), 'partial');
    await writeFileAtomic(join(dir, 'out.bin'), [bytes('fresh')]);
    expect((await readdir(dir)).sort()).toEqual([...kept, 'out.bin'].sort());
    expect(await readFile(join(dir, 'out.bin'), 'utf8')).toBe('fresh');
  });

  it('never removes a temporary that a concurrent write of the same process is still filling', async () => {
    const dir = await mkdtemp(join(directory, 'concurrent-'));
    const path = join(dir, 'out.bin');
    async function* slowly(text: string) {
      for (const letter of text) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield bytes(letter);
      }
    }
    const texts = Array.from({ length: 12 }, (_, k) => `writer-${k}-${'x'.repeat(k)}`);
    await Promise.all(texts.map((text) => writeFileAtomic(path, slowly(text))));
    expect(texts).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['out.bin']);
  });
});

describe('writeSafetensors is atomic', () => {
  it('keeps a readable previous checkpoint when a later write fails', async () => {
    const dir = await mkdtemp(join(directory, 'ckpt-'));
    const path = join(dir, 'model.safetensors');
    const weights = { w: { dtype: 'F32' as const, shape: [2], data: new Float32Array([1, 2]) } };
    await writeSafetensors(path, weights, { epoch: '1' });
    const failing = writeSafetensors(path, { w: { ...weights.w, shape: [3] } }, { epoch: '2' });
    await expect(failing).rejects.toBeInstanceOf(CheckpointError);

    await mkdir(join(dir, 'busy.safetensors'));
    await expect(writeSafetensors(join(dir, 'busy.safetensors'), weights, {})).rejects.toThrow(
      `cannot write ${join(dir, 'busy.safetensors')}: `,
    );

    expect((await readSafetensors(path)).metadata).toEqual({ epoch: '1' });
    expect((await readdir(dir)).sort()).toEqual(['busy.safetensors', 'model.safetensors']);
  });
});

describe('writes in flight, for a process that must exit during a save', () => {
  it('are listed, reported when settled, and abandoned without leaving a temporary file', async () => {
    const dir = await mkdtemp(join(directory, 'abandon-'));
    const path = join(dir, 'model.bin');
    await writeFile(path, 'previous');
    let release: () => void = () => {};
    const gate = new Promise<void>((done) => {
      release = done;
    });
    async function* slowly() {
      yield bytes('half ');
      await gate;
      yield bytes('rest');
    }
    const settled: string[] = [];
    const writing = writeFileAtomic(path, slowly());
    await new Promise((done) => setTimeout(done, 20));
    expect(writesInFlight()).toEqual([path]);
    whenWritesSettle(() => settled.push('settled'));
    expect((await readdir(dir)).length).toBe(2);

    expect(abandonWritesSync()).toEqual([path]);
    expect(await readdir(dir)).toEqual(['model.bin']);
    release();
    await expect(writing).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(path, 'utf8')).toBe('previous');
    expect(settled).toEqual(['settled']);
    expect(writesInFlight()).toEqual([]);
  });
});
