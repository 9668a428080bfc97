import type { FloatArray } from '../dtype.js';

/**
 * The rows a network trains on: features plus integer labels (ce) or target rows (mse, or soft
 * targets for ce). Any `Dataset` fits; so do views over shared memory.
 */
export interface RowSource {
  readonly features: number;
  readonly outputs: number;
  /** rows × features, row-major. */
  readonly x: FloatArray;
  readonly labels: Int32Array | null;
  /** rows × outputs, row-major. */
  readonly targets: FloatArray | null;
}
