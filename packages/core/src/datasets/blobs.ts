import { allocate } from '../dtype.js';
import { Rng } from '../rng.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import {
  checkCommonOptions,
  resolveCount,
  resolveNoise,
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
 * Side scale of the centre box: [-5, 5] per axis up to 2 features, shrunk by sqrt(2 / features) above
 * that, so the typical distance between two centres (≈ 5.8) does not grow with the dimension. With
 * unit noise, 10 blobs in 784 dimensions then overlap by 1–2% (nearest-true-centre accuracy ≈ 98.7%):
 * separable, but a model has to learn it rather than read it off any single feature.
 */
export function blobCentreScale(features: number): number {
  return Math.min(1, Math.sqrt(2 / features));
}

/** The blobs' sizes for `options` (checked): `classes` clusters in `features` dimensions. */
function blobsShape(options: DatasetOptions): DatasetShape {
  const classes = resolveCount('blobs', 'classes', options.classes, 3, 2);
  const features = resolveCount('blobs', 'features', options.features, 2, 1);
  checkCommonOptions('blobs', options, classes);
  resolveNoise('blobs', options.noise, 1);
  if (options.outputs !== undefined && options.outputs !== classes) {
    throw new Error(
      `blobs: outputs must equal classes (${classes}) for classification, got ${options.outputs}`,
    );
  }
  return { rows: options.samples, features, outputs: classes, classes };
}

function* blobsSlices(options: DatasetOptions): DatasetSlices {
  const { rows, features, classes } = blobsShape(options);
  const std = resolveNoise('blobs', options.noise, 1);
  const rng = new Rng(options.seed);

  // Centres first, so they depend only on seed, classes and features (not on samples).
  const halfSide = 5 * blobCentreScale(features);
  const centres = new Float64Array(classes * features);
  for (let i = 0; i < centres.length; i++) centres[i] = (2 * rng.nextFloat() - 1) * halfSide;

  const labels = yield* shuffledBalancedLabels(rows, classes, rng);
  const x = allocate(options.dtype, rows * features);
  const perSlice = rowsPerSlice(features);
  for (let row = 0; row < rows; row++) {
    const centreStart = labels[row]! * features;
    const rowStart = row * features;
    for (let j = 0; j < features; j++) x[rowStart + j] = centres[centreStart + j]! + std * rng.normal();
    if ((row + 1) % perSlice === 0) yield;
  }
  return { rows, features, x, labels, targets: null, outputs: classes, classes };
}

/** The blobs as a sliced generation (see sliced-generation.ts). */
export const BLOBS: SyntheticDataset = { shape: blobsShape, slices: blobsSlices };

/**
 * `classes` (default 3) isotropic Gaussian clusters in `features` (default 2) dimensions; centres
 * uniform in the scaled box (see `blobCentreScale`), std `noise` (default 1). Also the synthetic
 * 784-feature, 10-class "MNIST-like" benchmark set, so it writes straight into the output array.
 */
export function blobs(options: DatasetOptions): Dataset {
  return runToEnd(blobsSlices(options));
}
