/**
 * Synthetic datasets generated in slices: each generator is a JavaScript generator function that
 * yields after every slice of about VALUES_PER_SLICE values, so the same code runs to its end at
 * once (`runToEnd`) or gives the event loop a turn between slices and stops when asked
 * (`runInSlices`): a CLI run generating millions of rows still answers Ctrl-C at once.
 */

import type { Dataset, DatasetOptions } from './dataset.js';

/** The sizes a generator will produce for some options, known before any row is generated. */
export interface DatasetShape {
  /** Rows (the `samples` option). */
  readonly rows: number;
  /** Input values per row. */
  readonly features: number;
  /** Network output width: classes, or target values per row. */
  readonly outputs: number;
  /** Number of classes; 0 for a regression set (targets instead of labels). */
  readonly classes: number;
}

/** A generation in progress: it yields between slices and returns the dataset. */
export type DatasetSlices = Generator<void, Dataset, void>;

/** A synthetic dataset: its shape (which also checks the options) and its sliced generation. */
export interface SyntheticDataset {
  /** The sizes for `options`; throws on options the generator cannot honour. */
  shape(options: DatasetOptions): DatasetShape;
  /** Generates the rows, yielding between slices. */
  slices(options: DatasetOptions): DatasetSlices;
}

/** Values generated between two yields: a few milliseconds of work. */
export const VALUES_PER_SLICE = 1 << 16;

/** Rows per slice for rows of `valuesPerRow` values (at least one). */
export function rowsPerSlice(valuesPerRow: number): number {
  return Math.max(1, Math.floor(VALUES_PER_SLICE / Math.max(1, valuesPerRow)));
}

/** Runs a generation to its end without pausing. */
export function runToEnd(slices: DatasetSlices): Dataset {
  for (;;) {
    const next = slices.next();
    if (next.done) return next.value;
  }
}

/** Longest stretch of slices between two turns of the event loop. */
const MILLISECONDS_PER_TURN = 20;

/**
 * Runs a generation, giving the event loop a turn every ~20 ms; rejects with the signal's reason
 * (an AbortError) as soon as the signal has aborted, leaving the rest ungenerated.
 */
export async function runInSlices(slices: DatasetSlices, signal?: AbortSignal): Promise<Dataset> {
  let turnStarted = performance.now();
  for (;;) {
    signal?.throwIfAborted();
    const next = slices.next();
    if (next.done) return next.value;
    if (performance.now() - turnStarted >= MILLISECONDS_PER_TURN) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      turnStarted = performance.now();
    }
  }
}
