import { allocate } from '../dtype.js';
import { Rng } from '../rng.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import {
  checkPlanarTwoClassOptions,
  resolveNoise,
  rowsOfClass,
  shuffledBalancedLabels,
} from './generator-options.js';

/** Radius of the inner circle relative to the outer one (sklearn's `factor`). */
export const CIRCLES_FACTOR = 0.5;

/**
 * Two concentric circles, as sklearn's make_circles with factor 0.5: class 0 on the unit circle,
 * class 1 on the radius-0.5 circle, angles evenly spaced over [0, 2π) within each class, plus
 * N(0, noise²) on both coordinates (default noise 0.05).
 */
export function circles(options: DatasetOptions): Dataset {
  checkPlanarTwoClassOptions('circles', options);
  const noise = resolveNoise('circles', options.noise, 0.05);
  const rows = options.samples;
  const rng = new Rng(options.seed);

  const labels = shuffledBalancedLabels(rows, 2, rng);
  const placed = new Int32Array(2);
  const x = allocate(options.dtype, rows * 2);
  for (let row = 0; row < rows; row++) {
    const label = labels[row]!;
    const angle = (2 * Math.PI * placed[label]!) / rowsOfClass(rows, 2, label);
    placed[label]!++;
    const radius = label === 0 ? 1 : CIRCLES_FACTOR;
    x[row * 2] = radius * Math.cos(angle) + noise * rng.normal();
    x[row * 2 + 1] = radius * Math.sin(angle) + noise * rng.normal();
  }
  return { rows, features: 2, x, labels, targets: null, outputs: 2, classes: 2 };
}
