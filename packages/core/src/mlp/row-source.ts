import type { FloatArray } from '../dtype.js';

/**
 * The rows a network trains on: features plus integer labels (ce) or target rows (mse, or soft
 * targets for ce). Any `Dataset` fits; so do views over shared memory.
 */
export interface RowSource {
  /** Input values per row. */
  readonly features: number;
  /** Network output width: classes with labels, target values per row with targets. */
  readonly outputs: number;
  /** rows × features, row-major. */
  readonly x: FloatArray;
  /** Integer class per row (ce), or null when the rows carry `targets`. */
  readonly labels: Int32Array | null;
  /** rows × outputs, row-major. */
  readonly targets: FloatArray | null;
}
