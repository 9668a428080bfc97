import type { FloatArray } from '../dtype.js';
import type { LossDefinition } from '../losses/loss-definition.js';

// Softmax and cross-entropy are fused: with m = max(z) and s = Σ exp(z − m),
// log pᵢ = zᵢ − m − log s, which stays finite for logits of any size (±1000 included),
// and the gradient of the mean loss over the rows is (P − Y)/N (seeds 000, 001, 004 with ERRATA).

/**
 * Cross-entropy of softmax(z) against integer labels over `rows` rows of `classes` logits.
 * Overwrites the logits with the gradient `gradScale · (P − onehot(y))` and returns the SUM of the
 * row losses (the caller divides by N and passes gradScale = 1/N for the mean loss).
 */
export function softmaxCrossEntropyLabels(
  z: FloatArray,
  zOffset: number,
  rows: number,
  classes: number,
  labels: Int32Array,
  labelsOffset: number,
  gradScale: number,
): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const row = zOffset + r * classes;
    const max = rowMax(z, row, classes);
    const label = labels[labelsOffset + r]!;
    const labelLogit = z[row + label]!;
    const sum = expShiftedInPlace(z, row, classes, max);
    loss -= labelLogit - max - Math.log(sum);
    const scale = gradScale / sum;
    for (let j = 0; j < classes; j++) z[row + j] = z[row + j]! * scale;
    z[row + label] = z[row + label]! - gradScale;
  }
  return loss;
}

/**
 * Class-weighted cross-entropy against integer labels (PyTorch's `CrossEntropyLoss(weight=w)`):
 * overwrites the logits with `gradScale · w[y] · (P − onehot(y))` and returns the SUM of
 * `w[y] · −log p_y` (the caller divides by Σ w[y] over the rows and passes gradScale = 1/that).
 * With every weight 1 the result is bit for bit `softmaxCrossEntropyLabels`'s (× 1 is exact).
 */
export function softmaxCrossEntropyLabelsWeighted(
  z: FloatArray,
  zOffset: number,
  rows: number,
  classes: number,
  labels: Int32Array,
  labelsOffset: number,
  classWeights: Float64Array,
  gradScale: number,
): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const row = zOffset + r * classes;
    const max = rowMax(z, row, classes);
    const label = labels[labelsOffset + r]!;
    const weight = classWeights[label]!;
    const labelLogit = z[row + label]!;
    const sum = expShiftedInPlace(z, row, classes, max);
    loss -= weight * (labelLogit - max - Math.log(sum));
    const rowScale = gradScale * weight;
    const scale = rowScale / sum;
    for (let j = 0; j < classes; j++) z[row + j] = z[row + j]! * scale;
    z[row + label] = z[row + label]! - rowScale;
  }
  return loss;
}

/** Σ w[label] over `rows` labels from `labelsOffset`: the denominator of the weighted mean loss. */
export function labelWeightSum(
  labels: Int32Array,
  labelsOffset: number,
  rows: number,
  classWeights: Float64Array,
): number {
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += classWeights[labels[labelsOffset + r]!]!;
  return sum;
}

/**
 * Cross-entropy of softmax(z) against target rows `y` (soft or one-hot). Overwrites the logits with
 * `gradScale · (P·Σy − Y)`, the exact gradient of −Σ yⱼ log pⱼ, which is (P − Y) when the row sums
 * to 1 (ERRATA 000: the identity needs rows that sum to 1). Returns the SUM of the row losses.
 */
export function softmaxCrossEntropyTargets(
  z: FloatArray,
  zOffset: number,
  rows: number,
  classes: number,
  y: FloatArray,
  yOffset: number,
  gradScale: number,
): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const row = zOffset + r * classes;
    const target = yOffset + r * classes;
    const max = rowMax(z, row, classes);
    let sum = 0;
    let mass = 0;
    for (let j = 0; j < classes; j++) {
      sum += Math.exp(z[row + j]! - max);
      mass += y[target + j]!;
    }
    const logSum = Math.log(sum);
    for (let j = 0; j < classes; j++) {
      const yj = y[target + j]!;
      // 0 · log p is 0 even when p underflows to 0.
      if (yj !== 0) loss -= yj * (z[row + j]! - max - logSum);
      z[row + j] = ((Math.exp(z[row + j]! - max) / sum) * mass - yj) * gradScale;
    }
  }
  return loss;
}

/**
 * Class-weighted cross-entropy against target rows (PyTorch's `CrossEntropyLoss(weight=w)` with
 * class-probability targets, whose mean is over the rows, not the weights): the row loss is
 * −Σ wⱼ yⱼ log pⱼ, its gradient `gradScale · (P·Σ wⱼyⱼ − w⊙Y)`. Returns the SUM of the row losses.
 */
export function softmaxCrossEntropyTargetsWeighted(
  z: FloatArray,
  zOffset: number,
  rows: number,
  classes: number,
  y: FloatArray,
  yOffset: number,
  classWeights: Float64Array,
  gradScale: number,
): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const row = zOffset + r * classes;
    const target = yOffset + r * classes;
    const max = rowMax(z, row, classes);
    let sum = 0;
    let mass = 0;
    for (let j = 0; j < classes; j++) {
      sum += Math.exp(z[row + j]! - max);
      mass += classWeights[j]! * y[target + j]!;
    }
    const logSum = Math.log(sum);
    for (let j = 0; j < classes; j++) {
      const wy = classWeights[j]! * y[target + j]!;
      if (wy !== 0) loss -= wy * (z[row + j]! - max - logSum);
      z[row + j] = ((Math.exp(z[row + j]! - max) / sum) * mass - wy) * gradScale;
    }
  }
  return loss;
}

/** Softmax of each row in place (predictions): probabilities that sum to 1. */
export function softmaxRows(z: FloatArray, zOffset: number, rows: number, classes: number): void {
  for (let r = 0; r < rows; r++) {
    const row = zOffset + r * classes;
    const sum = expShiftedInPlace(z, row, classes, rowMax(z, row, classes));
    for (let j = 0; j < classes; j++) z[row + j] = z[row + j]! / sum;
  }
}

/** v[j] ← exp(v[j] − max) over `count` values from `offset`; returns their sum (softmax's denominator). */
function expShiftedInPlace(v: FloatArray, offset: number, count: number, max: number): number {
  let sum = 0;
  for (let j = 0; j < count; j++) {
    const e = Math.exp(v[offset + j]! - max);
    v[offset + j] = e;
    sum += e;
  }
  return sum;
}

/** The largest of `count` values from `offset`: the shift that keeps exp() from overflowing. */
function rowMax(v: FloatArray, offset: number, count: number): number {
  let max = -Infinity;
  for (let j = 0; j < count; j++) if (v[offset + j]! > max) max = v[offset + j]!;
  return max;
}

/** Index of the largest of `count` values from `offset` (first one on ties). */
export function argmax(v: FloatArray, offset: number, count: number): number {
  let best = 0;
  for (let j = 1; j < count; j++) if (v[offset + j]! > v[offset + best]!) best = j;
  return best;
}

/** Rows whose largest score sits at the label: call on logits before they are overwritten. */
export function countCorrectLabels(
  z: FloatArray,
  zOffset: number,
  rows: number,
  classes: number,
  labels: Int32Array,
  labelsOffset: number,
): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    if (argmax(z, zOffset + r * classes, classes) === labels[labelsOffset + r]) correct++;
  }
  return correct;
}

/** Rows whose largest score sits where the target row is largest (soft or one-hot targets). */
export function countCorrectTargets(
  z: FloatArray,
  zOffset: number,
  rows: number,
  classes: number,
  y: FloatArray,
  yOffset: number,
): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    if (argmax(z, zOffset + r * classes, classes) === argmax(y, yOffset + r * classes, classes)) correct++;
  }
  return correct;
}

/**
 * Softmax cross-entropy (PyTorch's `CrossEntropyLoss()` on logits), against integer labels or
 * class-probability target rows; predictions are the softmax probabilities.
 */
export const SOFTMAX_CROSS_ENTROPY: LossDefinition = {
  summary: 'softmax cross-entropy (classes)',
  classification: true,
  minOutputs: 2,
  usesOutActivation: false,
  lossBackward(z, rows, classes, _outActivation, labels, targets, count, classWeights) {
    if (labels) {
      count.correct = countCorrectLabels(z, 0, rows, classes, labels, 0);
      if (classWeights === null) {
        count.weightSum = rows;
        return softmaxCrossEntropyLabels(z, 0, rows, classes, labels, 0, 1 / rows) / rows;
      }
      const total = labelWeightSum(labels, 0, rows, classWeights);
      count.weightSum = total;
      // Rows that all weigh 0 carry no loss and no gradient (PyTorch would give 0/0 = NaN).
      if (total === 0) {
        z.fill(0, 0, rows * classes);
        return 0;
      }
      return (
        softmaxCrossEntropyLabelsWeighted(z, 0, rows, classes, labels, 0, classWeights, 1 / total) / total
      );
    }
    count.correct = countCorrectTargets(z, 0, rows, classes, targets, 0);
    count.weightSum = rows;
    if (classWeights !== null) {
      return (
        softmaxCrossEntropyTargetsWeighted(z, 0, rows, classes, targets, 0, classWeights, 1 / rows) / rows
      );
    }
    return softmaxCrossEntropyTargets(z, 0, rows, classes, targets, 0, 1 / rows) / rows;
  },
  predict(z, rows, classes) {
    softmaxRows(z, 0, rows, classes);
  },
};
