// The fast GEMM must agree with gemmReference for every transpose variant, both dtypes, odd sizes,
// offsets, padded leading dimensions and general alpha/beta, including beta = 0 over NaN.
import { describe, expect, it } from 'vitest';
import { allocate, DTYPES, type DType, type FloatArray } from '../dtype.js';
import { gemm } from './gemm.js';
import { gemmReference } from './gemm-reference.js';

/** Error allowed relative to |alpha|·Σ|a||b| + |beta|·|c|: float64 is exact to rounding, float32 is not. */
const TOLERANCE: Record<DType, number> = { f32: 1e-5, f64: 1e-12 };

const VARIANTS = [
  { name: 'NN', transA: false, transB: false },
  { name: 'TN', transA: true, transB: false },
  { name: 'NT', transA: false, transB: true },
  { name: 'TT', transA: true, transB: true },
] as const;

const ODD_SIZES = [1, 2, 3, 5, 7, 13, 17, 31, 33, 64, 65, 100];

/** Mixed m×n×k shapes, including ones larger than the kernel's row, column and k blocks. */
const MIXED_SHAPES: readonly [number, number, number][] = [
  [1, 100, 7],
  [100, 1, 13],
  [7, 13, 1],
  [65, 3, 33],
  [2, 64, 17],
  [31, 5, 100],
  [200, 9, 11],
  [5, 7, 1100],
  [3, 1100, 5],
];

/** mulberry32: a tiny deterministic generator, uniform in [-1, 1). */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

interface Case {
  dtype: DType;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  beta: number;
  /** Extra elements before each matrix. */
  offset: number;
  /** Extra elements at the end of each stored row. */
  pad: number;
  /** Old contents of C: random values, or NaN to prove beta = 0 never reads them. */
  cFill: 'random' | 'nan';
  seed: number;
}

/** A stored `rows × cols` matrix at `offset` with row stride `cols + pad`, padding filled too. */
function storedMatrix(
  dtype: DType,
  rows: number,
  cols: number,
  offset: number,
  pad: number,
  fill: () => number,
) {
  const ld = cols + pad;
  const data = allocate(dtype, offset + rows * ld + 3);
  for (let i = 0; i < data.length; i++) data[i] = fill();
  return { data, ld };
}

function absolute(x: FloatArray): Float64Array {
  return Float64Array.from(x, Math.abs);
}

/** Runs gemm and the reference on the same inputs; checks every element of C, padding included. */
function expectMatchesReference(t: Case): void {
  const next = randomSource(t.seed);
  const a = storedMatrix(t.dtype, t.transA ? t.k : t.m, t.transA ? t.m : t.k, t.offset, t.pad, next);
  const b = storedMatrix(t.dtype, t.transB ? t.n : t.k, t.transB ? t.k : t.n, t.offset + 1, t.pad + 1, next);
  const c = storedMatrix(t.dtype, t.m, t.n, t.offset + 2, t.pad, t.cFill === 'nan' ? () => Number.NaN : next);
  const cOffset = t.offset + 2;

  const actual = c.data.slice();
  const expected = c.data.slice();
  const args = [
    t.transA,
    t.transB,
    t.m,
    t.n,
    t.k,
    t.alpha,
    a.data,
    t.offset,
    a.ld,
    b.data,
    t.offset + 1,
    b.ld,
  ] as const;
  gemm(...args, t.beta, actual, cOffset, c.ld);
  gemmReference(...args, t.beta, expected, cOffset, c.ld);

  // Per-element scale: |alpha|·Σ|a||b| + |beta|·|c| (beta = 0 contributes nothing, NaN or not).
  const scale = new Float64Array(c.data.length);
  if (t.beta !== 0) scale.set(absolute(c.data));
  gemmReference(
    t.transA,
    t.transB,
    t.m,
    t.n,
    t.k,
    Math.abs(t.alpha),
    absolute(a.data),
    t.offset,
    a.ld,
    absolute(b.data),
    t.offset + 1,
    b.ld,
    Math.abs(t.beta),
    scale,
    cOffset,
    c.ld,
  );

  const tolerance = TOLERANCE[t.dtype];
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = actual[i]!;
    if (Number.isNaN(want) || Number.isNaN(got)) {
      // Only padding outside the m×n window may hold NaN, and then it must be untouched.
      if (!(Number.isNaN(want) && Number.isNaN(got)))
        throw new Error(`${label(t)}: NaN mismatch at ${i}: ${got} vs ${want}`);
      continue;
    }
    const error = Math.abs(got - want) / (scale[i]! + Number.MIN_VALUE);
    if (error > worst) {
      worst = error;
      worstAt = i;
    }
  }
  if (worst > tolerance) {
    throw new Error(
      `${label(t)}: relative error ${worst} at ${worstAt}: ${actual[worstAt]} vs ${expected[worstAt]}`,
    );
  }
}

function label(t: Case): string {
  return `${t.dtype} ${t.transA ? 'T' : 'N'}${t.transB ? 'T' : 'N'} ${t.m}×${t.n}×${t.k} alpha=${t.alpha} beta=${t.beta} offset=${t.offset} pad=${t.pad} c=${t.cFill}`;
}

for (const dtype of DTYPES) {
  for (const { name, transA, transB } of VARIANTS) {
    describe(`gemm ${dtype} ${name}`, () => {
      const base = { dtype, transA, transB, offset: 0, pad: 0, cFill: 'random', seed: 1 } as const;

      it('matches the reference on square odd sizes, alpha = 1, beta = 0', () => {
        for (const s of ODD_SIZES)
          expectMatchesReference({ ...base, m: s, n: s, k: s, alpha: 1, beta: 0, seed: s });
      });

      it('matches the reference with offsets, padded leading dims, alpha ≠ 1 and beta ∈ {0, 1, 0.5}', () => {
        for (const beta of [0, 1, 0.5]) {
          for (const s of ODD_SIZES) {
            const offset = s % 4;
            const pad = (s % 3) + 1;
            expectMatchesReference({
              ...base,
              m: s,
              n: s,
              k: s,
              alpha: -1.75,
              beta,
              offset,
              pad,
              seed: s * 7 + 1,
            });
          }
        }
      });

      it('matches the reference on mixed shapes, including ones larger than the blocks', () => {
        for (const [m, n, k] of MIXED_SHAPES) {
          for (const beta of [0, 0.5]) {
            expectMatchesReference({
              ...base,
              m,
              n,
              k,
              alpha: 0.3,
              beta,
              offset: 3,
              pad: 2,
              seed: m + n + k,
            });
          }
        }
      });

      it('overwrites NaN in C when beta = 0, and leaves the padding around C alone', () => {
        for (const [m, n, k] of [
          [1, 1, 1],
          [13, 17, 31],
          [65, 33, 7],
          [5, 7, 1100],
        ] as const) {
          expectMatchesReference({
            ...base,
            m,
            n,
            k,
            alpha: 2,
            beta: 0,
            offset: 1,
            pad: 3,
            cFill: 'nan',
            seed: k,
          });
        }
      });

      it('handles empty dimensions: m or n = 0 touches nothing, k = 0 gives beta·C', () => {
        for (const [m, n, k] of [
          [0, 5, 3],
          [4, 0, 3],
          [4, 5, 0],
          [0, 0, 0],
        ] as const) {
          for (const beta of [0, 0.5])
            expectMatchesReference({ ...base, m, n, k, alpha: 1.5, beta, offset: 2, pad: 1 });
        }
      });
    });
  }
}

describe('gemm edge semantics', () => {
  it('writes exactly alpha·A·B + beta·C for a hand-checked 2×2 case', () => {
    const a = new Float64Array([1, 2, 3, 4]);
    const b = new Float64Array([5, 6, 7, 8]);
    const c = new Float64Array([1, 1, 1, 1]);
    gemm(false, false, 2, 2, 2, 2, a, 0, 2, b, 0, 2, 3, c, 0, 2);
    expect(Array.from(c)).toEqual([2 * 19 + 3, 2 * 22 + 3, 2 * 43 + 3, 2 * 50 + 3]);
  });

  it('gives the same result on repeated calls (scratch reuse does not leak between calls)', () => {
    const next = randomSource(99);
    const big = Float32Array.from({ length: 300 * 300 }, next);
    const small = Float32Array.from({ length: 7 * 7 }, next);
    const first = new Float32Array(49);
    const again = new Float32Array(49);
    gemm(true, true, 7, 7, 7, 1, small, 0, 7, small, 0, 7, 0, first, 0, 7);
    gemm(false, false, 300, 300, 300, 1, big, 0, 300, big, 0, 300, 0, new Float32Array(300 * 300), 0, 300);
    gemm(true, true, 7, 7, 7, 1, small, 0, 7, small, 0, 7, 0, again, 0, 7);
    expect(again).toEqual(first);
  });
});
