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

/**
 * Two interleaving half circles, as sklearn's make_moons: class 0 on (cos t, sin t), class 1 on
 * (1 − cos t, 0.5 − sin t), t evenly spaced over [0, π] within each class, plus N(0, noise²) on
 * both coordinates (default noise 0.1).
 */
export function moons(options: DatasetOptions): Dataset {
  return runToEnd(moonsSlices(options));
}

/** The moons set's sizes for `options` (checked): 2 classes in 2-D. */
function moonsShape(options: DatasetOptions): DatasetShape {
  checkPlanarTwoClassOptions('moons', options);
  resolveNoise('moons', options.noise, 0.1);
  return { rows: options.samples, features: 2, outputs: 2, classes: 2 };
}

/** The moons set as a sliced generation (see sliced-generation.ts). */
export const MOONS: SyntheticDataset = { shape: moonsShape, slices: moonsSlices };

function* moonsSlices(options: DatasetOptions): DatasetSlices {
  const { rows } = moonsShape(options);
  const noise = resolveNoise('moons', options.noise, 0.1);
  const rng = new Rng(options.seed);

  const labels = yield* shuffledBalancedLabels(rows, 2, rng);
  const perSlice = rowsPerSlice(2);
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
    if ((row + 1) % perSlice === 0) yield;
  }
  return { rows, features: 2, x, labels, targets: null, outputs: 2, classes: 2 };
}
