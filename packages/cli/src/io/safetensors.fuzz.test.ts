// Property-based fuzzing of the safetensors reader (fast-check): valid files round-trip bit for bit;
// truncated, damaged, random and hostile ones (header length 2^53, shapes of 1e12 elements,
// nesting deeper than JSON.stringify can follow) are rejected with a one-line CheckpointError,
// quickly and without allocating from the claimed sizes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { decodeSafetensors, readSafetensors, type SafetensorsFile, writeSafetensors } from './safetensors.js';
import { encodeSafetensors } from './safetensors-encode.js';
import { DTYPES, type SafetensorsDType, type SafetensorsTensor } from './safetensors-format.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-st-fuzz-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Property runs per test; SHARDWISE_FUZZ_RUNS=20000 fuzzes for longer. */
const RUNS = Number(process.env.SHARDWISE_FUZZ_RUNS) || 300;
const NAME = 'fuzz.safetensors';

// ---------------------------------------------------------------------------------------------
// Generators.

const dtypeArbitrary = fc.constantFrom('F32', 'F64', 'I32', 'U32') as fc.Arbitrary<SafetensorsDType>;

/** A tensor with random bits (NaN payloads, -0, denormals) so the round trip is checked bit for bit. */
const tensorArbitrary: fc.Arbitrary<SafetensorsTensor> = fc
  .tuple(dtypeArbitrary, fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }))
  .chain(([dtype, shape]) => {
    const elements = shape.reduce((a, b) => a * b, 1);
    return fc
      .uint8Array({ minLength: elements * DTYPES[dtype].bytes, maxLength: elements * DTYPES[dtype].bytes })
      .map((bytes) => {
        const data = DTYPES[dtype].create(elements);
        new Uint8Array(data.buffer).set(bytes);
        return { dtype, shape, data };
      });
  });

const nameArbitrary = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
  )
  .filter((name) => name !== '__metadata__');

const validFile = fc.record({
  tensors: fc.uniqueArray(fc.tuple(nameArbitrary, tensorArbitrary), {
    maxLength: 5,
    selector: ([name]) => name,
  }),
  metadata: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }),
});

function encode(tensors: Array<[string, SafetensorsTensor]>, metadata: Record<string, string>): Uint8Array {
  return Buffer.concat(encodeSafetensors(Object.fromEntries(tensors), metadata, NAME));
}

const validBytes = validFile.map(({ tensors, metadata }) => encode(tensors, metadata));

/** Values of a hostile header entry: claims the parser must check before trusting. */
const HUGE = [2 ** 53, 2 ** 53 - 1, 1e12, 1e15, 2 ** 32, 2 ** 31, 1e300, -1, 0.5, Number.MAX_SAFE_INTEGER];
const deepNesting = fc
  .integer({ min: 1, max: 200_000 })
  .map((depth) => ({ raw: `${'['.repeat(depth)}${']'.repeat(depth)}` }));
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  deepNesting,
  fc.constantFrom(...HUGE),
  fc.array(fc.constantFrom(...HUGE, 1, 0, 4), { maxLength: 4 }),
  fc.constant([1e6, 1e6]),
  fc.constant(Array.from({ length: 500 }, () => 1)),
  fc.string({ maxLength: 3000 }),
);

/** JSON text of `value`, with `{ raw }` spliced in verbatim (for nesting JSON.stringify cannot produce). */
function jsonText(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'raw' in value) return (value as { raw: string }).raw;
  return JSON.stringify(value) ?? 'null';
}

const hostileEntry = fc
  .record({
    dtype: fc.oneof(dtypeArbitrary, hostileValue),
    shape: fc.oneof(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), hostileValue),
    offsets: fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 64 })),
      fc.tuple(fc.constantFrom(0, 8, ...HUGE), fc.constantFrom(8, 64, ...HUGE)),
      hostileValue,
    ),
  })
  .map(
    ({ dtype, shape, offsets }) =>
      `{"dtype":${jsonText(dtype)},"shape":${jsonText(shape)},"data_offsets":${jsonText(offsets)}}`,
  );

const hostileHeader = fc
  .tuple(
    fc.array(fc.tuple(fc.oneof(nameArbitrary, fc.constant('x'.repeat(100_000))), hostileEntry), {
      maxLength: 3,
    }),
    fc.option(hostileValue.map(jsonText)),
  )
  .map(([entries, metadata]) => {
    const fields = entries.map(([name, entry]) => `${JSON.stringify(name)}:${entry}`);
    if (metadata !== null) fields.unshift(`"__metadata__":${metadata}`);
    return `{${fields.join(',')}}`;
  });

/** A file around a hostile header, with a small data section and a truthful or lying length prefix. */
const hostileBytes = fc
  .tuple(
    hostileHeader,
    fc.integer({ min: 0, max: 64 }),
    fc.oneof(
      fc.constant(null),
      fc.constantFrom(2n ** 53n, 2n ** 64n - 1n, 2n ** 63n, 100n * 1024n * 1024n, 100n * 1024n * 1024n + 1n),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.integer({ min: -16, max: 16 }).map((delta) => ({ delta })),
    ),
  )
  .map(([header, dataBytes, length]) => {
    const json = new TextEncoder().encode(header);
    const bytes = new Uint8Array(8 + json.length + dataBytes);
    let declared = BigInt(json.length);
    if (typeof length === 'bigint') declared = length;
    else if (length !== null) declared = BigInt(Math.max(0, json.length + length.delta));
    new DataView(bytes.buffer).setBigUint64(0, declared, true);
    bytes.set(json, 8);
    return bytes;
  });

type Mutation = (bytes: Uint8Array) => fc.Arbitrary<Uint8Array>;
const position = (bytes: Uint8Array) => fc.integer({ min: 0, max: Math.max(0, bytes.length - 1) });
const mutations: Mutation[] = [
  // Flip, overwrite, insert or delete bytes anywhere (header text included).
  (bytes) =>
    fc.tuple(position(bytes), fc.integer({ min: 0, max: 255 })).map(([i, value]) => {
      const copy = Uint8Array.from(bytes);
      if (copy.length > 0) copy[i] = value;
      return copy;
    }),
  (bytes) =>
    fc
      .tuple(position(bytes), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([i, extra]) => Buffer.concat([bytes.subarray(0, i), extra, bytes.subarray(i)])),
  (bytes) =>
    fc
      .tuple(position(bytes), fc.integer({ min: 1, max: 16 }))
      .map(([i, n]) => Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + n)])),
  // Replace the length prefix.
  (bytes) =>
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((length) => {
      const copy = Uint8Array.from(bytes.length >= 8 ? bytes : new Uint8Array(8));
      new DataView(copy.buffer).setBigUint64(0, length, true);
      return copy;
    }),
  // Append trailing bytes.
  (bytes) => fc.uint8Array({ minLength: 1, maxLength: 16 }).map((extra) => Buffer.concat([bytes, extra])),
];

const damagedBytes = fc
  .tuple(
    validBytes,
    fc.array(fc.integer({ min: 0, max: mutations.length - 1 }), { minLength: 1, maxLength: 3 }),
  )
  .chain(([bytes, picks]) =>
    picks.reduce<fc.Arbitrary<Uint8Array>>(
      (soFar, pick) => soFar.chain(mutations[pick]!),
      fc.constant(bytes),
    ),
  );

// ---------------------------------------------------------------------------------------------
// Checks.

function expectCleanRejection(error: unknown, name: string): void {
  if (!(error instanceof CheckpointError)) throw error; // anything else is a bug: show it as it is
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message.startsWith(`${name}: `), error.message).toBe(true);
  expect(error.message.length, error.message.slice(0, 200)).toBeLessThan(name.length + 400);
}

/** What a successful decode must satisfy whatever the input: consistent, independent tensors. */
function expectConsistent(file: SafetensorsFile, bytes: Uint8Array): void {
  let total = 0;
  for (const [name, tensor] of file.tensors) {
    expect(name.length).toBeGreaterThan(0);
    const elements = tensor.shape.reduce((a, b) => a * b, 1);
    expect(tensor.data.length).toBe(elements);
    expect(tensor.data).toBeInstanceOf(DTYPES[tensor.dtype].create(0).constructor);
    total += tensor.data.byteLength;
  }
  expect(total).toBeLessThanOrEqual(bytes.length);
  for (const value of Object.values(file.metadata)) expect(typeof value).toBe('string');
}

/** Decodes `bytes`, checking the outcome and the time it took; returns the file or null. */
function decodeChecked(bytes: Uint8Array): SafetensorsFile | null {
  const started = performance.now();
  try {
    const file = decodeSafetensors(bytes, NAME);
    expectConsistent(file, bytes);
    return file;
  } catch (error) {
    expectCleanRejection(error, NAME);
    return null;
  } finally {
    expect(performance.now() - started).toBeLessThan(3000);
  }
}

function sameBits(a: SafetensorsTensor['data'], b: SafetensorsTensor['data']): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function expectRoundTrip(
  file: SafetensorsFile,
  tensors: Array<[string, SafetensorsTensor]>,
  metadata: object,
): void {
  expect(file.metadata).toEqual(metadata);
  expect(file.tensors.size).toBe(tensors.length);
  for (const [name, tensor] of tensors) {
    const read = file.tensors.get(name);
    expect(read, name).toBeDefined();
    expect(read!.dtype).toBe(tensor.dtype);
    expect(read!.shape).toEqual(tensor.shape);
    expect(sameBits(read!.data, tensor.data), name).toBe(true);
    // Fresh, aligned copies: usable as typed arrays whatever the file's layout.
    expect(read!.data.byteOffset % DTYPES[tensor.dtype].bytes).toBe(0);
  }
}

// ---------------------------------------------------------------------------------------------

describe('safetensors reader fuzzing (fast-check)', () => {
  it('round-trips any tensors and metadata bit for bit (in memory)', () => {
    fc.assert(
      fc.property(validFile, ({ tensors, metadata }) => {
        const file = decodeChecked(encode(tensors, metadata));
        expect(file).not.toBeNull();
        expectRoundTrip(file!, tensors, metadata);
      }),
      { numRuns: RUNS },
    );
  });

  it('round-trips through writeSafetensors/readSafetensors on disk', async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(validFile, async ({ tensors, metadata }) => {
        const path = join(directory, `ok-${counter++}.safetensors`);
        await writeSafetensors(path, Object.fromEntries(tensors), metadata);
        expectRoundTrip(await readSafetensors(path), tensors, metadata);
        await rm(path);
      }),
      { numRuns: 100, timeout: 5000 },
    );
  });

  it('rejects every truncation of a valid file', () => {
    fc.assert(
      fc.property(validBytes, fc.nat(), (bytes, cut) => {
        const length = cut % bytes.length; // strictly shorter
        expect(decodeChecked(bytes.subarray(0, length))).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it('loads or cleanly rejects damaged files and random bytes', () => {
    fc.assert(
      fc.property(fc.oneof(damagedBytes, fc.uint8Array({ maxLength: 256 })), (bytes) => {
        decodeChecked(bytes);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('rejects hostile headers (huge lengths, shapes and offsets, deep nesting) without big allocations', () => {
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    fc.assert(
      fc.property(hostileBytes, (bytes) => {
        decodeChecked(bytes);
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      }),
      { numRuns: RUNS },
    );
    // The inputs are at most a few hundred KB; nothing may be allocated from the sizes they claim.
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('readSafetensors on files: loads or rejects naming the file, allocating only what the file holds', async () => {
    let counter = 0;
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileBytes, damagedBytes, validBytes), async (bytes) => {
        const path = join(directory, `case-${counter++}.safetensors`);
        await writeFile(path, bytes);
        let fromFile: SafetensorsFile | string;
        try {
          fromFile = await readSafetensors(path);
          expectConsistent(fromFile, bytes);
        } catch (error) {
          expectCleanRejection(error, path);
          fromFile = 'rejected';
        }
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
        await rm(path);
        // The file reader and the in-memory decoder agree.
        let fromMemory: SafetensorsFile | string;
        try {
          fromMemory = decodeSafetensors(bytes, path);
        } catch {
          fromMemory = 'rejected';
        }
        expect(fromFile).toEqual(fromMemory);
      }),
      { numRuns: 150, timeout: 5000 },
    );
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('rejects shape, dtype and offsets nested deeper than JSON.stringify can follow (found by fuzzing)', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const cases: Array<[string, string]> = [
      [`{"a":{"dtype":"F32","shape":${deep},"data_offsets":[0,0]}}`, 'tensor "a" shape […] is not an array'],
      [`{"a":{"dtype":${deep},"shape":[],"data_offsets":[0,0]}}`, 'tensor "a" has unsupported dtype […]'],
      [`{"a":{"dtype":"F32","shape":[0],"data_offsets":${deep}}}`, 'tensor "a" data_offsets […] is not a'],
    ];
    for (const [header, expected] of cases) {
      const json = new TextEncoder().encode(header);
      const bytes = new Uint8Array(8 + json.length);
      new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
      bytes.set(json, 8);
      expect(() => decodeSafetensors(bytes, NAME)).toThrow(
        `${NAME}: not a valid safetensors file: ${expected}`,
      );
    }
  });

  it('keeps messages about hostile names and values short', () => {
    const long = 'n'.repeat(1_000_000);
    const header = `{"${long}":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}}`;
    const bytes = new Uint8Array(8 + header.length + 2);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(new TextEncoder().encode(header), 8);
    let message = '';
    try {
      decodeSafetensors(bytes, NAME);
    } catch (error) {
      expectCleanRejection(error, NAME);
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^fuzz\.safetensors: not a valid safetensors file: tensor "n+…" has unsupported dtype/,
    );
  });
});
