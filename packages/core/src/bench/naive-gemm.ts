import type { FloatArray } from '../dtype.js';

/**
 * The baseline the fast GEMM is measured against: the plain i-k-j triple loop over typed arrays,
 * `C = A·B` for dense row-major A (m×k), B (k×n), C (m×n), no transposes, no blocking.
 */
export function naiveGemm(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
): void {
  c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      const bRow = p * n;
      for (let j = 0; j < n; j++) c[cRow + j] = c[cRow + j]! + aip * b[bRow + j]!;
    }
  }
}
