import type { FloatArray } from '../dtype.js';
import type { LossDefinition } from '../losses/loss-definition.js';
import { activationForward } from './activations.js';

/** Output nonlinearity for regression with MSE. */
export type OutputActivation = 'identity' | 'tanh';

/** Every supported {@link OutputActivation}. */
export const OUTPUT_ACTIVATIONS: readonly OutputActivation[] = ['identity', 'tanh'];

/**
 * MSE over `rows × outputs` values, mean over batch AND outputs like PyTorch's `mean` (seed 002).
 * `z` holds the pre-activations; it is overwritten with the gradient of the loss w.r.t. z:
 * `gradScale · 2(o − t)` times `1 − o²` for tanh outputs. Returns the SUM of squared errors
 * (the caller divides by rows·outputs and passes gradScale = 1/(rows·outputs)).
 */
export function meanSquaredErrorBackward(
  z: FloatArray,
  zOffset: number,
  rows: number,
  outputs: number,
  outActivation: OutputActivation,
  targets: FloatArray,
  targetsOffset: number,
  gradScale: number,
): number {
  let sum = 0;
  const count = rows * outputs;
  const twice = 2 * gradScale;
  if (outActivation === 'tanh') {
    for (let i = 0; i < count; i++) {
      const o = Math.tanh(z[zOffset + i]!);
      const d = o - targets[targetsOffset + i]!;
      sum += d * d;
      z[zOffset + i] = twice * d * (1 - o * o);
    }
  } else {
    for (let i = 0; i < count; i++) {
      const d = z[zOffset + i]! - targets[targetsOffset + i]!;
      sum += d * d;
      z[zOffset + i] = twice * d;
    }
  }
  return sum;
}

/** Mean squared error after the output activation (PyTorch's `MSELoss()` on `outActivation(z)`). */
export const MEAN_SQUARED_ERROR: LossDefinition = {
  summary: 'mean squared error (regression targets)',
  classification: false,
  minOutputs: 1,
  usesOutActivation: true,
  lossBackward(z, rows, outputs, outActivation, _labels, targets, count) {
    count.correct = 0;
    count.weightSum = rows;
    const scale = 1 / (rows * outputs);
    return meanSquaredErrorBackward(z, 0, rows, outputs, outActivation, targets, 0, scale) * scale;
  },
  predict(z, rows, outputs, outActivation) {
    activationForward(outActivation, z, 0, rows * outputs);
  },
};
