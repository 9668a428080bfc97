// Test-only helpers: small row sources and a deterministic filler, shared by core's tests.
import { allocate, type DType, type FloatArray } from '../dtype.js';
import type { RowSource } from '../mlp/row-source.js';

/** A deterministic pseudo-random stream in [-1, 1) independent of the library's Rng. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

export function filled(dtype: DType, length: number, next: () => number, scale = 1): FloatArray {
  const a = allocate(dtype, length);
  for (let i = 0; i < length; i++) a[i] = next() * scale;
  return a;
}

/** Rows with integer labels in [0, classes). */
export function labelledSource(
  dtype: DType,
  rows: number,
  features: number,
  classes: number,
  seed: number,
): RowSource {
  const next = lcg(seed);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) labels[r] = Math.floor(((next() + 1) / 2) * classes) % classes;
  return { features, outputs: classes, x: filled(dtype, rows * features, next), labels, targets: null };
}

/** Rows with soft target rows that sum to 1. */
export function softTargetSource(
  dtype: DType,
  rows: number,
  features: number,
  classes: number,
  seed: number,
): RowSource {
  const next = lcg(seed);
  const targets = allocate(dtype, rows * classes);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += targets[r * classes + j] = next() + 1.1;
    for (let j = 0; j < classes; j++) targets[r * classes + j] = targets[r * classes + j]! / sum;
  }
  return { features, outputs: classes, x: filled(dtype, rows * features, next), labels: null, targets };
}

/** Rows with regression targets in (-0.9, 0.9), reachable by a tanh output. */
export function regressionSource(
  dtype: DType,
  rows: number,
  features: number,
  outputs: number,
  seed: number,
): RowSource {
  const next = lcg(seed);
  return {
    features,
    outputs,
    x: filled(dtype, rows * features, next),
    labels: null,
    targets: filled(dtype, rows * outputs, next, 0.9),
  };
}
