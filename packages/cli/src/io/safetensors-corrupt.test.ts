import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { decodeSafetensors, readSafetensors, writeSafetensors } from './safetensors.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-corrupt-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** A file with `header` as its JSON text, `dataBytes` bytes of data, and optionally a lying length. */
function fileWith(header: string, dataBytes: number, declaredLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + json.length + dataBytes);
  new DataView(bytes.buffer).setBigUint64(0, declaredLength ?? BigInt(json.length), true);
  bytes.set(json, 8);
  return bytes;
}

function tensor(dtype: unknown, shape: unknown, offsets: unknown): string {
  return JSON.stringify({ dtype, shape, data_offsets: offsets });
}

/** The CheckpointError message from decoding `bytes` as "bad.safetensors". */
function rejection(bytes: Uint8Array): string {
  try {
    decodeSafetensors(bytes, 'bad.safetensors');
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointError);
    const message = (error as Error).message;
    expect(message.startsWith('bad.safetensors: not a valid safetensors file: ')).toBe(true);
    return message;
  }
  throw new Error('expected a CheckpointError');
}

describe('decodeSafetensors rejects corrupt files with a CheckpointError naming the file', () => {
  it('accepts the well-formed baseline these cases corrupt', () => {
    const file = decodeSafetensors(fileWith(`{"a":${tensor('F32', [2], [0, 8])}}`, 8), 'ok');
    expect(file.tensors.get('a')!.data).toEqual(new Float32Array(2));
  });

  it('rejects a file shorter than the length prefix', () => {
    expect(rejection(new Uint8Array(5))).toContain('only 5 bytes');
    expect(rejection(new Uint8Array(0))).toContain('only 0 bytes');
  });

  it('rejects header lengths beyond the file or absurdly large, without allocating them', () => {
    expect(rejection(fileWith('{}', 0, 1000n))).toContain('header length 1000 exceeds the 10-byte file');
    expect(rejection(fileWith('{}', 0, 50_000_000n))).toContain('exceeds');
    expect(rejection(fileWith('{}', 0, 2n ** 40n))).toContain('is absurd');
    expect(rejection(fileWith('{}', 0, 2n ** 64n - 1n))).toContain('is absurd');
  });

  it('rejects headers that are not a JSON object', () => {
    expect(rejection(fileWith('{nope', 0))).toContain('header is not valid JSON');
    expect(rejection(fileWith('', 0))).toContain('header is not valid JSON');
    expect(rejection(fileWith('[1,2]', 0))).toContain('header is not a JSON object');
    expect(rejection(fileWith('null', 0))).toContain('header is not a JSON object');
    const invalidUtf8 = fileWith('{"a":1}', 0);
    invalidUtf8[9] = 0xff;
    expect(rejection(invalidUtf8)).toContain('header is not valid UTF-8');
  });

  it('rejects bad metadata and non-object entries', () => {
    expect(rejection(fileWith('{"__metadata__":[]}', 0))).toContain('__metadata__ is not an object');
    expect(rejection(fileWith('{"__metadata__":{"epoch":3}}', 0))).toContain(
      'value of "epoch" is not a string',
    );
    expect(rejection(fileWith('{"a":7}', 0))).toContain('tensor "a" is not an object');
  });

  it('rejects unknown dtypes', () => {
    expect(rejection(fileWith(`{"a":${tensor('BF16', [2], [0, 4])}}`, 4))).toContain(
      'tensor "a" has unsupported dtype "BF16"',
    );
    expect(rejection(fileWith(`{"a":${tensor(4, [1], [0, 4])}}`, 4))).toContain('unsupported dtype 4');
    expect(rejection(fileWith(`{"a":${tensor('toString', [1], [0, 4])}}`, 4))).toContain('unsupported dtype');
  });

  it('rejects shapes that are not arrays of non-negative integers', () => {
    for (const shape of [[2, -1], [1.5], '2', [null], null, [2 ** 60]]) {
      expect(rejection(fileWith(`{"a":${tensor('F32', shape, [0, 4])}}`, 4))).toContain(
        'is not an array of non-negative integers',
      );
    }
  });

  it('rejects malformed data_offsets and offsets outside the file', () => {
    for (const offsets of [[0], 'x', [0, 4, 8], [-4, 0], [0, 4.5]]) {
      expect(rejection(fileWith(`{"a":${tensor('F32', [1], offsets)}}`, 4))).toContain(
        'is not a [begin, end] pair',
      );
    }
    expect(rejection(fileWith(`{"a":${tensor('F32', [1], [8, 4])}}`, 8))).toContain('lie outside');
    expect(rejection(fileWith(`{"a":${tensor('F32', [4], [0, 16])}}`, 8))).toContain(
      'tensor "a" data_offsets [0, 16] lie outside the 8-byte data section',
    );
  });

  it('rejects offsets that do not match shape × element size, even for huge shapes', () => {
    expect(rejection(fileWith(`{"a":${tensor('F32', [3], [0, 8])}}`, 8))).toContain(
      'tensor "a" data_offsets span 8 bytes, but shape [3] of F32 does not',
    );
    expect(rejection(fileWith(`{"a":${tensor('F64', [1e15, 1e15], [0, 8])}}`, 8))).toContain('span 8 bytes');
  });

  it('rejects overlapping, non-contiguous and trailing bytes', () => {
    const a = tensor('F32', [2], [0, 8]);
    expect(rejection(fileWith(`{"a":${a},"b":${tensor('F32', [2], [4, 12])}}`, 12))).toContain(
      'tensors "a" and "b" overlap',
    );
    expect(rejection(fileWith(`{"a":${a},"b":${tensor('F32', [2], [0, 8])}}`, 8))).toContain('overlap');
    expect(
      rejection(fileWith(`{"a":${tensor('F32', [1], [0, 4])},"b":${tensor('F32', [1], [8, 12])}}`, 12)),
    ).toContain('4 unused bytes before tensor "b"');
    expect(rejection(fileWith(`{"a":${a}}`, 12))).toContain('4 trailing bytes after the last tensor');
    expect(rejection(fileWith('{}', 3))).toContain('3 trailing bytes');
  });

  it('never throws anything but a CheckpointError on randomly damaged files', async () => {
    const path = join(directory, 'fuzz-source.safetensors');
    await writeSafetensors(
      path,
      {
        w: { dtype: 'F32', shape: [3, 2], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
        b: { dtype: 'F64', shape: [2], data: new Float64Array([7, 8]) },
      },
      { format: 'shardwise' },
    );
    const original = new Uint8Array(await readFile(path));
    let state = 99;
    const nextInt = (limit: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state % limit;
    };
    for (let trial = 0; trial < 3000; trial++) {
      const damaged =
        trial % 3 === 0 ? original.slice(0, nextInt(original.length)) : Uint8Array.from(original);
      if (trial % 3 !== 0) {
        for (let flips = 1 + nextInt(3); flips > 0; flips--) damaged[nextInt(damaged.length)] = nextInt(256);
      }
      try {
        decodeSafetensors(damaged, 'fuzz');
      } catch (error) {
        expect(error).toBeInstanceOf(CheckpointError);
        expect((error as Error).message).toContain('fuzz: ');
      }
    }
  });
});

describe('readSafetensors on damaged files', () => {
  it('names the file for a truncated checkpoint and for junk', async () => {
    const path = join(directory, 'truncated.safetensors');
    await writeSafetensors(path, { w: { dtype: 'F64', shape: [4], data: new Float64Array(4) } }, {});
    await truncate(path, (await readFile(path)).length - 3);
    await expect(readSafetensors(path)).rejects.toThrow(`${path}: not a valid safetensors file: `);

    const junk = join(directory, 'junk.safetensors');
    await writeFile(junk, 'x0,x1,label\n1,2,0\n');
    await expect(readSafetensors(junk)).rejects.toThrow(
      `${junk}: not a valid safetensors file: header length`,
    );
    await writeFile(junk, 'abc');
    await expect(readSafetensors(junk)).rejects.toThrow(
      `${junk}: not a valid safetensors file: only 3 bytes`,
    );
    await expect(readSafetensors(junk)).rejects.toBeInstanceOf(CheckpointError);
  });
});
