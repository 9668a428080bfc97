import { allocate } from '../dtype.js';
import { Rng } from '../rng.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import {
  checkPlanarTwoClassOptions,
  resolveNoise,
  rowsOfClass,
  shuffledBalancedLabels,
} from './generator-options.js';
import {
  type DatasetShape,
  type DatasetSlices,
  rowsPerSlice,
  runToEnd,
  type SyntheticDataset,
} from './sliced-generation.js';

/** Radius of the inner circle relative to the outer one (sklearn's `factor`). */
export const CIRCLES_FACTOR = 0.5;

/**
 * Two concentric circles, as sklearn's make_circles with factor 0.5: class 0 on the unit circle,
 * class 1 on the radius-0.5 circle, angles evenly spaced over [0, 2π) within each class, plus
 * N(0, noise²) on both coordinates (default noise 0.05).
 */
export function circles(options: DatasetOptions): Dataset {
  return runToEnd(circlesSlices(options));
}

/** The circles set's sizes for `options` (checked): 2 classes in 2-D. */
function circlesShape(options: DatasetOptions): DatasetShape {
  checkPlanarTwoClassOptions('circles', options);
  resolveNoise('circles', options.noise, 0.05);
  return { rows: options.samples, features: 2, outputs: 2, classes: 2 };
}

/** The circles set as a sliced generation (see sliced-generation.ts). */
export const CIRCLES: SyntheticDataset = { shape: circlesShape, slices: circlesSlices };

function* circlesSlices(options: DatasetOptions): DatasetSlices {
  const { rows } = circlesShape(options);
  const noise = resolveNoise('circles', options.noise, 0.05);
  const rng = new Rng(options.seed);

  const labels = yield* shuffledBalancedLabels(rows, 2, rng);
  const perSlice = rowsPerSlice(2);
  const placed = new Int32Array(2);
  const x = allocate(options.dtype, rows * 2);
  for (let row = 0; row < rows; row++) {
    const label = labels[row]!;
    const angle = (2 * Math.PI * placed[label]!) / rowsOfClass(rows, 2, label);
    placed[label]!++;
    const radius = label === 0 ? 1 : CIRCLES_FACTOR;
    x[row * 2] = radius * Math.cos(angle) + noise * rng.normal();
    x[row * 2 + 1] = radius * Math.sin(angle) + noise * rng.normal();
    if ((row + 1) % perSlice === 0) yield;
  }
  return { rows, features: 2, x, labels, targets: null, outputs: 2, classes: 2 };
}
