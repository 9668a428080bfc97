import { allocate } from '../dtype.js';
import { Rng } from '../rng.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import {
  checkPlanarTwoClassOptions,
  resolveNoise,
  rowsOfClass,
  shuffledBalancedLabels,
} from './generator-options.js';

/**
 * Two interleaving half circles, as sklearn's make_moons: class 0 on (cos t, sin t), class 1 on
 * (1 − cos t, 0.5 − sin t), t evenly spaced over [0, π] within each class, plus N(0, noise²) on
 * both coordinates (default noise 0.1).
 */
export function moons(options: DatasetOptions): Dataset {
  checkPlanarTwoClassOptions('moons', options);
  const noise = resolveNoise('moons', options.noise, 0.1);
  const rows = options.samples;
  const rng = new Rng(options.seed);

  const labels = shuffledBalancedLabels(rows, 2, rng);
  const placed = new Int32Array(2);
  const x = allocate(options.dtype, rows * 2);
  for (let row = 0; row < rows; row++) {
    const label = labels[row]!;
    const classRows = rowsOfClass(rows, 2, label);
    const t = classRows > 1 ? (Math.PI * placed[label]!) / (classRows - 1) : 0;
    placed[label]!++;
    const onCurveX = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const onCurveY = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    x[row * 2] = onCurveX + noise * rng.normal();
    x[row * 2 + 1] = onCurveY + noise * rng.normal();
  }
  return { rows, features: 2, x, labels, targets: null, outputs: 2, classes: 2 };
}
