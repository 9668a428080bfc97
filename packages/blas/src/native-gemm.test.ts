// The native GEMM keeps core's GemmFn contract: equal to the reference GEMM (to the rounding of
// its dtype) on every transpose, odd sizes, offsets and padded strides, on typed arrays over an
// ArrayBuffer, a SharedArrayBuffer and a WebAssembly.Memory; and it refuses, touching nothing,
// any operand whose type or extent does not fit the sizes it is given.
import { gemmReference, WebAssembly } from '@shardwise/core';
import { describe, expect, it } from 'vitest';
import { loadNativeBlas } from './load-native-blas.js';

const { blas, reason } = loadNativeBlas();
if (!blas) console.warn(`native GEMM tests skipped: ${reason}`);
const suite = blas ? 'native GEMM' : `native GEMM (skipped: ${reason})`;

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
type Ctor = FloatArrayType;
const DTYPES: [string, Ctor, number][] = [
  ['f32', Float32Array, 2 ** -24],
  ['f64', Float64Array, 2 ** -53],
];
const TRANSPOSES = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

/** Where an operand lives: its own ArrayBuffer, a SharedArrayBuffer, or a WebAssembly.Memory, at a byte offset. */
type Storage = 'ArrayBuffer' | 'SharedArrayBuffer' | 'WebAssembly.Memory';
function place(T: Ctor, values: ArrayLike<number>, storage: Storage, byteShift: number) {
  const bytes = byteShift + values.length * T.BYTES_PER_ELEMENT;
  const buffer =
    storage === 'ArrayBuffer'
      ? new ArrayBuffer(bytes)
      : storage === 'SharedArrayBuffer'
        ? new SharedArrayBuffer(bytes)
        : new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536), maximum: 1024, shared: true }).buffer;
  const out = new T(buffer, byteShift, values.length);
  out.set(values);
  return out;
}

interface Case {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  offset: number;
  pad: number;
  alpha: number;
  beta: number;
}

/** The operands of `c`, stored as the transposes say, `offset` elements in, rows padded by `pad`. */
function operands(T: Ctor, c: Case, seed: number) {
  const next = lcg(seed);
  const [aRows, aCols] = c.transA ? [c.k, c.m] : [c.m, c.k];
  const [bRows, bCols] = c.transB ? [c.n, c.k] : [c.k, c.n];
  const lda = aCols + c.pad;
  const ldb = bCols + c.pad;
  const ldc = c.n + c.pad;
  const fill = (rows: number, ld: number) => T.from({ length: c.offset + rows * ld }, next);
  return { a: fill(aRows, lda), lda, b: fill(bRows, ldb), ldb, c: fill(c.m, ldc), ldc };
}

describe(suite, () => {
  describe.each(DTYPES)('%s', (_name, T, eps) => {
    const cases: Case[] = [];
    for (const [transA, transB] of TRANSPOSES) {
      for (const [m, n, k] of [
        [1, 1, 1],
        [3, 5, 7],
        [17, 13, 9],
        [33, 65, 31],
        [64, 1, 5],
        [1, 40, 130],
      ]) {
        cases.push({ transA, transB, m: m!, n: n!, k: k!, offset: 0, pad: 0, alpha: 1, beta: 0 });
        cases.push({ transA, transB, m: m!, n: n!, k: k!, offset: 3, pad: 2, alpha: -0.5, beta: 0.75 });
      }
    }

    it.skipIf(!blas).each(cases)(
      'transA $transA transB $transB, $m×$n×$k, offset $offset, pad $pad, alpha $alpha, beta $beta',
      (c) => {
        const { a, lda, b, ldb, c: before, ldc } = operands(T, c, c.m * 1000 + c.n * 10 + c.k);
        const expected = Float64Array.from(before);
        gemmReference(
          c.transA,
          c.transB,
          c.m,
          c.n,
          c.k,
          c.alpha,
          a,
          c.offset,
          lda,
          b,
          c.offset,
          ldb,
          c.beta,
          expected,
          c.offset,
          ldc,
        );
        // Rounding bound per element: (k + 2) roundings of terms no larger than alpha·Σ|a||b| + |beta·c|.
        const magnitude = new Float64Array(before.length);
        const abs = (x: ArrayLike<number>) => Float64Array.from(x, Math.abs);
        gemmReference(
          c.transA,
          c.transB,
          c.m,
          c.n,
          c.k,
          Math.abs(c.alpha),
          abs(a),
          c.offset,
          lda,
          abs(b),
          c.offset,
          ldb,
          Math.abs(c.beta),
          magnitude,
          c.offset,
          ldc,
        );
        for (const storage of ['ArrayBuffer', 'SharedArrayBuffer', 'WebAssembly.Memory'] as const) {
          const shift = storage === 'ArrayBuffer' ? 0 : 3 * T.BYTES_PER_ELEMENT;
          const out = place(T, before, storage, shift);
          blas!.gemm(
            c.transA,
            c.transB,
            c.m,
            c.n,
            c.k,
            c.alpha,
            place(T, a, storage, shift),
            c.offset,
            lda,
            place(T, b, storage, shift),
            c.offset,
            ldb,
            c.beta,
            out,
            c.offset,
            ldc,
          );
          for (let i = 0; i < out.length; i++) {
            const inside = i >= c.offset && (i - c.offset) % ldc < c.n;
            if (!inside)
              expect(out[i]).toBe(before[i]); // padding and the prefix are left alone
            else
              expect(Math.abs(out[i]! - expected[i]!)).toBeLessThanOrEqual(
                (c.k + 2) * eps * magnitude[i]! + 1e-300,
              );
          }
        }
      },
    );

    it.skipIf(!blas)('beta 0 ignores the old contents of C, NaN included', () => {
      const a = T.from([1, 2, 3, 4]);
      const c = T.from([Number.NaN, Number.POSITIVE_INFINITY, Number.NaN, -1]);
      blas!.gemm(false, false, 2, 2, 2, 1, a, 0, 2, a, 0, 2, 0, c, 0, 2);
      expect([...c]).toEqual([7, 10, 15, 22]);
    });

    it.skipIf(!blas)('k = 0 scales C by beta (and beta 0 clears it)', () => {
      const empty = new T(0);
      const c = T.from([1, 2, 3, 4]);
      blas!.gemm(false, false, 2, 2, 0, 1, empty, 0, 1, empty, 0, 2, 0.5, c, 0, 2);
      expect([...c]).toEqual([0.5, 1, 1.5, 2]);
      blas!.gemm(false, false, 2, 2, 0, 1, empty, 0, 1, empty, 0, 2, 0, c, 0, 2);
      expect([...c]).toEqual([0, 0, 0, 0]);
    });

    // Every operand exactly as long as its extent works; one element shorter throws before any write.
    it.skipIf(!blas).each(TRANSPOSES)(
      'transA %s transB %s: an operand one element short is refused',
      (transA, transB) => {
        const c: Case = { transA, transB, m: 5, n: 4, k: 3, offset: 2, pad: 1, alpha: 1, beta: 0 };
        const { a, lda, b, ldb, c: out, ldc } = operands(T, c, 7);
        // Trim each array to end exactly at its last element: (rows - 1)·ld + cols after the offset.
        const exact = (x: Float32Array | Float64Array, rows: number, cols: number, ld: number) =>
          x.subarray(0, c.offset + (rows - 1) * ld + cols);
        const A = exact(a, transA ? c.k : c.m, transA ? c.m : c.k, lda);
        const B = exact(b, transB ? c.n : c.k, transB ? c.k : c.n, ldb);
        const C = exact(out, c.m, c.n, ldc);
        const call = (x: typeof A, y: typeof B, z: typeof C) =>
          blas!.gemm(
            transA,
            transB,
            c.m,
            c.n,
            c.k,
            1,
            x,
            c.offset,
            lda,
            y,
            c.offset,
            ldb,
            0,
            z,
            c.offset,
            ldc,
          );
        const shorter = (x: typeof A) => x.subarray(0, x.length - 1);
        const snapshot = Float64Array.from(C);
        expect(() => call(shorter(A), B, C)).toThrow(/gemm: a .* past its length/);
        expect(() => call(A, shorter(B), C)).toThrow(/gemm: b .* past its length/);
        expect(() => call(A, B, shorter(C))).toThrow(/gemm: c .* past its length/);
        expect(Float64Array.from(C)).toEqual(snapshot);
        expect(() => call(A, B, C)).not.toThrow();
      },
    );

    it.skipIf(!blas)('strides below the stored columns are refused', () => {
      const x = new T(64);
      expect(() => blas!.gemm(false, false, 2, 3, 4, 1, x, 0, 3, x, 0, 3, 0, x, 0, 3)).toThrow(RangeError);
      expect(() => blas!.gemm(true, false, 2, 3, 4, 1, x, 0, 1, x, 0, 3, 0, x, 0, 3)).toThrow(/lda = 1/);
      expect(() => blas!.gemm(false, true, 2, 3, 4, 1, x, 0, 4, x, 0, 3, 0, x, 0, 3)).toThrow(/ldb = 3/);
      expect(() => blas!.gemm(false, false, 2, 3, 4, 1, x, 0, 4, x, 0, 3, 0, x, 0, 2)).toThrow(/ldc = 2/);
    });
  });

  it.skipIf(!blas)(
    'mixed or non-float arrays, bad counts and missing arguments are TypeErrors or RangeErrors',
    () => {
      const f32 = new Float32Array(16);
      const f64 = new Float64Array(16);
      const gemm = blas!.gemm as (...args: unknown[]) => void;
      expect(() => gemm(false, false, 2, 2, 2, 1, f32, 0, 2, f64, 0, 2, 0, f32, 0, 2)).toThrow(TypeError);
      expect(() => gemm(false, false, 2, 2, 2, 1, new Int32Array(16), 0, 2, f32, 0, 2, 0, f32, 0, 2)).toThrow(
        TypeError,
      );
      expect(() => gemm(false, false, 2, 2, 2, 1, [1, 2, 3, 4], 0, 2, f32, 0, 2, 0, f32, 0, 2)).toThrow(
        TypeError,
      );
      expect(() => gemm(0, false, 2, 2, 2, 1, f32, 0, 2, f32, 0, 2, 0, f32, 0, 2)).toThrow(
        /transA must be a boolean/,
      );
      expect(() => gemm(false, false, 2.5, 2, 2, 1, f32, 0, 2, f32, 0, 2, 0, f32, 0, 2)).toThrow(RangeError);
      expect(() => gemm(false, false, -1, 2, 2, 1, f32, 0, 2, f32, 0, 2, 0, f32, 0, 2)).toThrow(RangeError);
      expect(() => gemm(false, false, 2, 2, 2, 1, f32, -1, 2, f32, 0, 2, 0, f32, 0, 2)).toThrow(/aOffset/);
      expect(() => gemm(false, false, 2 ** 31, 1, 1, 1, f32, 0, 1, f32, 0, 1, 0, f32, 0, 1)).toThrow(
        RangeError,
      );
      expect(() => gemm(false, false, 2, 2, 2, 1, f32, 0, 2, f32, 0, 2, 0, f32, 0)).toThrow(/16 arguments/);
    },
  );

  it.skipIf(!blas)('reports its library and pins it to one thread', () => {
    const info = blas!.info;
    expect(['OpenBLAS', 'BLIS', 'CBLAS']).toContain(info.vendor);
    if (info.vendor === 'OpenBLAS') {
      expect(info.corename).toMatch(/\w/);
      expect(info.threadsPinned).toBe(true);
    }
  });
});
