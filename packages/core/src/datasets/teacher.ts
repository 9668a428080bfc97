import { allocate } from '../dtype.js';
import { Rng } from '../rng.js';
import type { Dataset, DatasetOptions } from './dataset.js';
import { checkCommonOptions, requireFixed, resolveCount, resolveNoise } from './generator-options.js';
import {
  type DatasetShape,
  type DatasetSlices,
  rowsPerSlice,
  runToEnd,
  type SyntheticDataset,
} from './sliced-generation.js';

/** Width of the teacher network's single tanh hidden layer. */
export const TEACHER_HIDDEN = 32;

/**
 * Regression against a fixed random "teacher" MLP, features → 32 tanh → outputs (defaults 8 → 32 → 2).
 * Teacher weights come first from the seed's rng (so the teacher depends only on seed and sizes):
 * W1 ~ N(0, 1/features), b1 ~ N(0, 0.1²), W2 ~ N(0, 1/32), b2 ~ N(0, 0.1²), giving targets of std
 * about 0.6. Inputs x ~ N(0, 1)^features; `noise` (default 0, so the teacher is exactly learnable)
 * adds N(0, noise²) to each target. Targets are computed in float64 from the unrounded inputs.
 */
export function teacher(options: DatasetOptions): Dataset {
  return runToEnd(teacherSlices(options));
}

/** The teacher set's sizes for `options` (checked): `features` inputs, `outputs` targets per row. */
function teacherShape(options: DatasetOptions): DatasetShape {
  checkCommonOptions('teacher', options, 1);
  const features = resolveCount('teacher', 'features', options.features, 8, 1);
  const outputs = resolveCount('teacher', 'outputs', options.outputs, 2, 1);
  requireFixed('teacher', 'classes', options.classes, 0);
  resolveNoise('teacher', options.noise, 0);
  return { rows: options.samples, features, outputs, classes: 0 };
}

/** The teacher set as a sliced generation (see sliced-generation.ts). */
export const TEACHER: SyntheticDataset = { shape: teacherShape, slices: teacherSlices };

function* teacherSlices(options: DatasetOptions): DatasetSlices {
  const { rows, features, outputs } = teacherShape(options);
  const noise = resolveNoise('teacher', options.noise, 0);
  const rng = new Rng(options.seed);

  const inputWeights = new Float64Array(TEACHER_HIDDEN * features); // hidden × features
  const hiddenBias = new Float64Array(TEACHER_HIDDEN);
  const outputWeights = new Float64Array(outputs * TEACHER_HIDDEN); // outputs × hidden
  const outputBias = new Float64Array(outputs);
  const inputScale = 1 / Math.sqrt(features);
  const hiddenScale = 1 / Math.sqrt(TEACHER_HIDDEN);
  for (let i = 0; i < inputWeights.length; i++) inputWeights[i] = inputScale * rng.normal();
  for (let i = 0; i < TEACHER_HIDDEN; i++) hiddenBias[i] = 0.1 * rng.normal();
  for (let i = 0; i < outputWeights.length; i++) outputWeights[i] = hiddenScale * rng.normal();
  for (let i = 0; i < outputs; i++) outputBias[i] = 0.1 * rng.normal();

  const x = allocate(options.dtype, rows * features);
  const targets = allocate(options.dtype, rows * outputs);
  const input = new Float64Array(features); // the row before dtype rounding
  const hidden = new Float64Array(TEACHER_HIDDEN);
  // Each row costs about TEACHER_HIDDEN multiply-adds per feature.
  const perSlice = rowsPerSlice(features * TEACHER_HIDDEN);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < features; j++) {
      input[j] = rng.normal();
      x[row * features + j] = input[j]!;
    }
    for (let h = 0; h < TEACHER_HIDDEN; h++) {
      let sum = hiddenBias[h]!;
      for (let j = 0; j < features; j++) sum += inputWeights[h * features + j]! * input[j]!;
      hidden[h] = Math.tanh(sum);
    }
    for (let o = 0; o < outputs; o++) {
      let sum = outputBias[o]!;
      for (let h = 0; h < TEACHER_HIDDEN; h++) sum += outputWeights[o * TEACHER_HIDDEN + h]! * hidden[h]!;
      targets[row * outputs + o] = noise > 0 ? sum + noise * rng.normal() : sum;
    }
    if ((row + 1) % perSlice === 0) yield;
  }
  return { rows, features, x, labels: null, targets, outputs, classes: 0 };
}
