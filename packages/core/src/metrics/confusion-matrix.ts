import type { FloatArray } from '../dtype.js';
import { argmax } from '../kernels/softmax-cross-entropy.js';
import type { PredictionObserver } from './prediction-observer.js';

/**
 * scikit-learn's `confusion_matrix(y_true, y_pred, labels=range(classes))`, gathered a chunk at a
 * time: `counts[t · classes + p]` rows of true class t predicted as p. The predicted class is the
 * argmax of the row's scores (logits or probabilities: the same class), as accuracy counts it; the
 * true class is the label, or the argmax of a class-probability target row. Allocates nothing per row.
 */
export class ConfusionMatrix implements PredictionObserver {
  /** classes × classes counts, row-major: rows = true class, columns = predicted class. */
  readonly counts: Float64Array;
  /** Classes: the network's outputs. */
  readonly classes: number;

  /** An empty matrix for `classes` classes. */
  constructor(classes: number) {
    this.classes = classes;
    this.counts = new Float64Array(classes * classes);
  }

  /** Counts `rows` rows of scores `z` (rows × classes) against their labels or target rows. */
  add(z: FloatArray, rows: number, labels: Int32Array | null, targets: FloatArray | null): void {
    const k = this.classes;
    for (let r = 0; r < rows; r++) {
      const truth = labels !== null ? labels[r]! : argmax(targets!, r * k, k);
      const predicted = argmax(z, r * k, k);
      this.counts[truth * k + predicted] = this.counts[truth * k + predicted]! + 1;
    }
  }
}
