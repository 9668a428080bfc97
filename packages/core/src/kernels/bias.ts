import type { FloatArray } from '../dtype.js';

/** Adds the bias row `b[bOffset .. bOffset+cols)` to each of `rows` rows of `z` (row stride `cols`). */
export function addBiasRows(
  z: FloatArray,
  zOffset: number,
  rows: number,
  cols: number,
  b: FloatArray,
  bOffset: number,
): void {
  for (let r = 0; r < rows; r++) {
    const row = zOffset + r * cols;
    for (let j = 0; j < cols; j++) z[row + j] = z[row + j]! + b[bOffset + j]!;
  }
}

/** Writes the column sums of the `rows × cols` block of `g` to `out[outOffset ..)`: the bias gradient. */
export function columnSums(
  g: FloatArray,
  gOffset: number,
  rows: number,
  cols: number,
  out: FloatArray,
  outOffset: number,
): void {
  out.fill(0, outOffset, outOffset + cols);
  for (let r = 0; r < rows; r++) {
    const row = gOffset + r * cols;
    for (let j = 0; j < cols; j++) out[outOffset + j] = out[outOffset + j]! + g[row + j]!;
  }
}
