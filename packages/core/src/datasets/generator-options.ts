import type { Rng } from '../rng.js';
import type { DatasetOptions } from './dataset.js';
import { VALUES_PER_SLICE } from './sliced-generation.js';

/** Checks the options every generator shares; `minimumSamples` is usually the class count. */
export function checkCommonOptions(generator: string, options: DatasetOptions, minimumSamples: number): void {
  const { samples, seed, dtype } = options;
  if (!Number.isSafeInteger(samples) || samples < minimumSamples) {
    throw new Error(`${generator}: samples must be an integer ≥ ${minimumSamples}, got ${samples}`);
  }
  if (!Number.isFinite(seed)) throw new Error(`${generator}: seed must be a finite number, got ${seed}`);
  if (dtype !== 'f32' && dtype !== 'f64')
    throw new Error(`${generator}: dtype must be 'f32' or 'f64', got ${dtype}`);
}

/** The noise level, or `fallback` when not given; must be finite and ≥ 0. */
export function resolveNoise(generator: string, noise: number | undefined, fallback: number): number {
  const value = noise ?? fallback;
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new Error(`${generator}: noise must be a finite number ≥ 0, got ${value}`);
  }
  return value;
}

/** An integer option that may be chosen, with a default and a lower bound. */
export function resolveCount(
  generator: string,
  option: string,
  value: number | undefined,
  fallback: number,
  minimum: number,
): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < minimum) {
    throw new Error(`${generator}: ${option} must be an integer ≥ ${minimum}, got ${resolved}`);
  }
  return resolved;
}

/** An option the generator fixes (e.g. 2 features for a 2-D set): accepted only if absent or equal. */
export function requireFixed(
  generator: string,
  option: string,
  value: number | undefined,
  fixed: number,
): void {
  if (value !== undefined && value !== fixed) {
    throw new Error(`${generator}: ${option} is fixed at ${fixed} for this dataset, got ${value}`);
  }
}

/** The checks of a 2-D, two-class toy set (moons, circles, xor): every shape option is fixed at 2. */
export function checkPlanarTwoClassOptions(generator: string, options: DatasetOptions): void {
  checkCommonOptions(generator, options, 2);
  requireFixed(generator, 'classes', options.classes, 2);
  requireFixed(generator, 'features', options.features, 2);
  requireFixed(generator, 'outputs', options.outputs, 2);
}

/**
 * Labels 0, 1, …, classes−1, 0, 1, … (as balanced as `rows` allows), then shuffled so classes are
 * mixed across the row order. Generators then draw each row's point for its label in place.
 * Yields between slices (see sliced-generation.ts); `yield*` it from a generation.
 */
export function* shuffledBalancedLabels(
  rows: number,
  classes: number,
  rng: Rng,
): Generator<void, Int32Array> {
  const labels = new Int32Array(rows);
  for (let start = 0; start < rows; start += VALUES_PER_SLICE) {
    const end = Math.min(rows, start + VALUES_PER_SLICE);
    for (let i = start; i < end; i++) labels[i] = i % classes;
    yield;
  }
  // rng.shuffle(labels), in pieces: the same draws, with a pause between pieces.
  for (let high = rows - 1; high > 0; ) {
    const low = Math.max(0, high - VALUES_PER_SLICE);
    rng.shuffleSteps(labels, 0, high, low);
    high = low;
    yield;
  }
  return labels;
}

/** How many of `rows` balanced labels belong to `label` (matches `shuffledBalancedLabels`). */
export function rowsOfClass(rows: number, classes: number, label: number): number {
  return Math.floor(rows / classes) + (label < rows % classes ? 1 : 0);
}
