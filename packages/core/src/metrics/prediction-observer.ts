import type { FloatArray } from '../dtype.js';

/**
 * Sees each chunk of an evaluation's raw network outputs (rows × outputs, before the loss turns
 * them into a gradient) with the chunk's labels or target rows: how metrics are gathered in the
 * same forward pass as the loss, a chunk at a time.
 */
export interface PredictionObserver {
  /** Adds `rows` rows: raw outputs `z`, their labels (or null) and target rows (rows × outputs, or null). */
  add(z: FloatArray, rows: number, labels: Int32Array | null, targets: FloatArray | null): void;
}
