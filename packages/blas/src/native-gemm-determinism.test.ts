// The single-threaded CBLAS is deterministic where shardwise needs it to be: the same product on
// the same inputs is bit-identical call after call, and does not change with where the operands
// sit in memory (element offsets that break 16-, 32- and 64-byte alignment), so a shard's result
// does not depend on the layout of the shared memory around it. (A row's result may depend on the
// rows in the call, so on the worker count: with OpenBLAS 0.3.21's Haswell kernels, f32
// 256×256×784 as two 128-row calls differs from one 256-row call in 3,837 of 65,536 elements. Runs
// are bit-identical for a fixed worker count, and equal to 1e-12 in f64 across counts.)
import { describe, expect, it } from 'vitest';
import { loadNativeBlas } from './load-native-blas.js';

const { blas, reason } = loadNativeBlas();
if (!blas) console.warn(`native GEMM determinism tests skipped: ${reason}`);
const suite = blas ? 'native GEMM determinism' : `native GEMM determinism (skipped: ${reason})`;

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

/** Float32Array or Float64Array, as a constructor. */
interface FloatArrayType {
  readonly BYTES_PER_ELEMENT: number;
  new (length: number): Float32Array | Float64Array;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): Float32Array | Float64Array;
  from(
    values: ArrayLike<number>,
    map?: (value: number, index: number) => number,
  ): Float32Array | Float64Array;
}

const bitsOf = (x: Float32Array | Float64Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

// Shard-sized products of mnist (784-256-10) and deep (256-512-512-10), and odd ones.
const SHAPES = [
  [128, 256, 784],
  [256, 10, 256],
  [64, 512, 256],
  [13, 6, 5],
  [7, 33, 129],
] as const;

describe(suite, () => {
  describe.each([
    ['f32', Float32Array as FloatArrayType],
    ['f64', Float64Array as FloatArrayType],
  ] as const)('%s', (_name, T) => {
    describe.each([
      [false, false],
      [false, true],
      [true, false],
    ] as const)('transA %s transB %s', (transA, transB) => {
      it.skipIf(!blas).each(SHAPES)(
        '%i×%i×%i: bit-identical for every call and operand offset',
        (m, n, k) => {
          const next = lcg(m * n + k);
          const a = T.from({ length: m * k }, next);
          const b = T.from({ length: k * n }, next);
          const lda = transA ? m : k;
          const ldb = transB ? k : n;
          let first: Buffer | null = null;
          // Offsets 0-3, 5, 8 and 16 elements: every alignment mod 64 bytes that matters, in one SharedArrayBuffer.
          for (const shift of [0, 1, 2, 3, 5, 8, 16]) {
            const memory = new SharedArrayBuffer(
              (3 * shift + a.length + b.length + m * n) * T.BYTES_PER_ELEMENT,
            );
            const A = new T(memory, 0, shift + a.length);
            const B = new T(memory, A.byteLength, shift + b.length);
            const C = new T(memory, A.byteLength + B.byteLength, shift + m * n);
            A.set(a, shift);
            B.set(b, shift);
            for (let call = 0; call < 3; call++) {
              C.fill(Number.NaN);
              blas!.gemm(transA, transB, m, n, k, 1, A, shift, lda, B, shift, ldb, 0, C, shift, n);
              const bits = Buffer.from(bitsOf(C.subarray(shift)));
              first ??= bits;
              expect(bits.equals(first)).toBe(true);
            }
          }
        },
      );
    });
  });
});
