import type { FloatArray } from '../dtype.js';

/**
 * Reference GEMM, `C = alpha * op(A) * op(B) + beta * C`, written for clarity, not speed:
 * the oracle for the fast kernels' tests. Row-major: op(A) is m×k, op(B) is k×n, C is m×n;
 * `lda`, `ldb`, `ldc` are the row strides of the arrays as stored (A is k×m when transposed,
 * B is n×k when transposed). Accumulates in float64 whatever the dtype. `beta = 0` ignores C's
 * old contents (even NaN), as BLAS does.
 */
export function gemmReference(
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
): void {
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
}
