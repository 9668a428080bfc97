import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import {
  decodeSafetensors,
  readSafetensors,
  type SafetensorsTensor,
  writeSafetensors,
} from './safetensors.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-safetensors-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function headerLengthOf(bytes: Uint8Array): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
}

describe('writeSafetensors / readSafetensors', () => {
  it('round-trips f32, f64, i32 and u32 tensors with metadata', async () => {
    const tensors: Record<string, SafetensorsTensor> = {
      'layers.0.weight': {
        dtype: 'F32',
        shape: [2, 3],
        data: new Float32Array([1, -2.5, 3, 0.1, 1e-30, -0]),
      },
      'layers.0.bias': { dtype: 'F64', shape: [3], data: new Float64Array([Math.PI, -1e300, 5e-324]) },
      step: { dtype: 'I32', shape: [], data: new Int32Array([-7]) },
      rng: { dtype: 'U32', shape: [4], data: new Uint32Array([0, 1, 2 ** 32 - 1, 123456789]) },
      empty: { dtype: 'F32', shape: [0, 5], data: new Float32Array(0) },
    };
    const metadata = { format: 'shardwise', config: JSON.stringify({ layers: [3, 2] }), note: 'ünïcödé ✓' };
    const path = join(directory, 'model.safetensors');
    await writeSafetensors(path, tensors, metadata);

    const file = await readSafetensors(path);
    expect(file.metadata).toEqual(metadata);
    expect(new Set(file.tensors.keys())).toEqual(new Set(Object.keys(tensors)));
    for (const [name, tensor] of Object.entries(tensors)) {
      const read = file.tensors.get(name)!;
      expect(read.dtype).toBe(tensor.dtype);
      expect(read.shape).toEqual(tensor.shape);
      expect(read.data.constructor).toBe(tensor.data.constructor);
      expect(read.data).toEqual(tensor.data);
      expect(read.data.byteOffset).toBe(0); // a fresh, aligned copy
    }
    expect(Object.is(file.tensors.get('layers.0.weight')!.data[5], -0)).toBe(true);
  });

  it('pads the header to a multiple of 8 and aligns each tensor to its element size', async () => {
    const path = join(directory, 'aligned.safetensors');
    await writeSafetensors(
      path,
      {
        odd: { dtype: 'F32', shape: [3], data: new Float32Array([1, 2, 3]) },
        wide: { dtype: 'F64', shape: [1], data: new Float64Array([4]) },
      },
      { a: 'b' },
    );
    const bytes = new Uint8Array(await readFile(path));
    const headerLength = headerLengthOf(bytes);
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    // 8-byte elements go first, so the F64 tensor is not left at offset 12.
    expect(header.wide.data_offsets).toEqual([0, 8]);
    expect(header.odd.data_offsets).toEqual([8, 20]);
    expect(bytes.length).toBe(8 + headerLength + 20);
  });

  it('writes the exact byte layout: u64 LE length, space-padded JSON, raw LE data', async () => {
    const path = join(directory, 'tiny.safetensors');
    await writeSafetensors(
      path,
      { w: { dtype: 'F32', shape: [2], data: new Float32Array([1, -2]) } },
      { format: 'pt' },
    );
    const json = '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    expect(json.length).toBe(85);
    const expected = new Uint8Array([
      ...[88, 0, 0, 0, 0, 0, 0, 0], // 85 bytes of JSON padded to 88
      ...new TextEncoder().encode(json),
      ...[0x20, 0x20, 0x20],
      ...[0x00, 0x00, 0x80, 0x3f], // 1.0f
      ...[0x00, 0x00, 0x00, 0xc0], // -2.0f
    ]);
    expect(new Uint8Array(await readFile(path))).toEqual(expected);
    expect(decodeSafetensors(expected, 'tiny').tensors.get('w')!.data).toEqual(new Float32Array([1, -2]));
  });

  it('keeps integer-like tensor names and writes data held in a SharedArrayBuffer', async () => {
    const shared = new Float32Array(new SharedArrayBuffer(16), 4, 2);
    shared.set([5, 6]);
    const path = join(directory, 'names.safetensors');
    await writeSafetensors(
      path,
      {
        '10': { dtype: 'F32', shape: [2], data: shared },
        '2': { dtype: 'I32', shape: [1], data: new Int32Array([3]) },
      },
      {},
    );
    const file = await readSafetensors(path);
    expect(file.tensors.get('10')!.data).toEqual(new Float32Array([5, 6]));
    expect(file.tensors.get('2')!.data).toEqual(new Int32Array([3]));
    expect(file.metadata).toEqual({});
  });

  it('rejects inconsistent tensors before touching the disk', async () => {
    const path = join(directory, 'never.safetensors');
    const attempts: Array<[Record<string, SafetensorsTensor>, string]> = [
      [{ w: { dtype: 'F32', shape: [3], data: new Float32Array(2) } }, 'holds 3 elements but data has 2'],
      [{ w: { dtype: 'F64', shape: [2], data: new Float32Array(2) } }, 'data is a Float32Array, not F64'],
      [{ w: { dtype: 'BF16' as 'F32', shape: [2], data: new Float32Array(2) } }, 'unsupported dtype "BF16"'],
      [
        { w: { dtype: 'F32', shape: [-2], data: new Float32Array(2) } },
        'is not an array of non-negative integers',
      ],
      [{ __metadata__: { dtype: 'F32', shape: [1], data: new Float32Array(1) } }, 'reserved or empty name'],
    ];
    for (const [tensors, message] of attempts) {
      const attempt = writeSafetensors(path, tensors, {});
      await expect(attempt).rejects.toBeInstanceOf(CheckpointError);
      await expect(writeSafetensors(path, tensors, {})).rejects.toThrow(`cannot write ${path}: `);
      await expect(writeSafetensors(path, tensors, {})).rejects.toThrow(message);
    }
    await expect(writeSafetensors(path, {}, { n: 1 as unknown as string })).rejects.toThrow(
      'is not a string',
    );
    expect(await readdir(directory)).not.toContain('never.safetensors');
  });

  it('reports a missing directory or file as a CheckpointError naming the path', async () => {
    const inMissingDirectory = join(directory, 'no-such-dir', 'model.safetensors');
    const write = writeSafetensors(inMissingDirectory, {}, {});
    await expect(write).rejects.toBeInstanceOf(CheckpointError);
    await expect(writeSafetensors(inMissingDirectory, {}, {})).rejects.toThrow(
      `cannot write ${inMissingDirectory}: directory ${join(directory, 'no-such-dir')} does not exist`,
    );
    const missing = join(directory, 'missing.safetensors');
    await expect(readSafetensors(missing)).rejects.toThrow(`cannot read ${missing}: file not found`);
    await expect(readSafetensors(missing)).rejects.toBeInstanceOf(CheckpointError);
    await expect(readSafetensors(directory)).rejects.toBeInstanceOf(CheckpointError);
  });
});
