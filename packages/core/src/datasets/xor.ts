import { allocate } from '../dtype.js';
import { Rng } from '../rng.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import { checkPlanarTwoClassOptions, resolveNoise, shuffledBalancedLabels } from './generator-options.js';
import {
  type DatasetShape,
  type DatasetSlices,
  rowsPerSlice,
  runToEnd,
  type SyntheticDataset,
} from './sliced-generation.js';

/**
 * Points uniform in [-1, 1]² labelled sign(x0) xor sign(x1): class 1 where the signs differ.
 * Each row's quadrant is drawn for its (balanced, shuffled) label, which is the same as uniform
 * points conditioned on the label. `noise` (default 0) adds N(0, noise²) jitter after labelling,
 * so with noise > 0 some points cross the axes.
 */
export function xor(options: DatasetOptions): Dataset {
  return runToEnd(xorSlices(options));
}

/** The xor set's sizes for `options` (checked): 2 classes in 2-D. */
function xorShape(options: DatasetOptions): DatasetShape {
  checkPlanarTwoClassOptions('xor', options);
  resolveNoise('xor', options.noise, 0);
  return { rows: options.samples, features: 2, outputs: 2, classes: 2 };
}

/** The xor set as a sliced generation (see sliced-generation.ts). */
export const XOR: SyntheticDataset = { shape: xorShape, slices: xorSlices };

function* xorSlices(options: DatasetOptions): DatasetSlices {
  const { rows } = xorShape(options);
  const noise = resolveNoise('xor', options.noise, 0);
  const rng = new Rng(options.seed);

  const labels = yield* shuffledBalancedLabels(rows, 2, rng);
  const perSlice = rowsPerSlice(2);
  const x = allocate(options.dtype, rows * 2);
  for (let row = 0; row < rows; row++) {
    const firstSign = rng.nextUint32() & 1 ? 1 : -1;
    const secondSign = labels[row] === 1 ? -firstSign : firstSign;
    // 1 − u lies in (0, 1], so no point sits exactly on an axis where its label would be ambiguous.
    const first = firstSign * (1 - rng.nextFloat());
    const second = secondSign * (1 - rng.nextFloat());
    x[row * 2] = noise > 0 ? first + noise * rng.normal() : first;
    x[row * 2 + 1] = noise > 0 ? second + noise * rng.normal() : second;
    if ((row + 1) % perSlice === 0) yield;
  }
  return { rows, features: 2, x, labels, targets: null, outputs: 2, classes: 2 };
}
