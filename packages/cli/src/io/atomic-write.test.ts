import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
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

  it('cleans up when the rename fails (target is a directory)', async () => {
    const dir = await mkdtemp(join(directory, 'rename-'));
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'inside'), 'x');
    await expect(writeFileAtomic(join(dir, 'taken'), [bytes('data')])).rejects.toMatchObject({
      code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST|EPERM/),
    });
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('throws the file-system error when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(directory, 'nope', 'out.bin'), [bytes('x')])).rejects.toMatchObject({
      code: 'ENOENT',
    });
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
