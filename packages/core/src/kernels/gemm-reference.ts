import type { FloatArray } from '../dtype.js';

/**
 * The GEMM contract every kernel follows: `C = alpha * op(A) * op(B) + beta * C`, row-major. op(A)
 * is m×k, op(B) is k×n, C is m×n; `lda`, `ldb`, `ldc` are the row strides of the arrays as stored
 * (A is k×m when `transA`, B is n×k when `transB`). `beta = 0` ignores C's old contents (even NaN),
 * as BLAS does.
 */
export type GemmFn = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  aOffset: number,
  lda: number,
  b: FloatArray,
  bOffset: number,
  ldb: number,
  beta: number,
  c: FloatArray,
  cOffset: number,
  ldc: number,
) => void;

/**
 * Reference GEMM, written for clarity, not speed: the oracle for the fast kernels' tests.
 * Accumulates in float64 whatever the dtype.
 */
export const gemmReference: GemmFn = (
  transA,
  transB,
  m,
  n,
  k,
  alpha,
  a,
  aOffset,
  lda,
  b,
  bOffset,
  ldb,
  beta,
  c,
  cOffset,
  ldc,
) => {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[aOffset + p * lda + i]! : a[aOffset + i * lda + p]!;
        const bpj = transB ? b[bOffset + j * ldb + p]! : b[bOffset + p * ldb + j]!;
        sum += aip * bpj;
      }
      const at = cOffset + i * ldc + j;
      c[at] = beta === 0 ? alpha * sum : alpha * sum + beta * c[at]!;
    }
  }
};
