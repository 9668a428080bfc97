import type { FloatArray } from '../dtype.js';
import type { OutputActivation } from '../kernels/mse.js';

/** Where a loss leaves the rows it counted as correct and their summed weight (the workspace, during a step). */
export interface CorrectCount {
  /** Rows whose prediction matched (0 where accuracy does not apply). */
  correct: number;
  /**
   * The denominator of the mean loss just returned: Σ w[yᵢ] over the rows with class weights and
   * labels, else the row count. Shards of a batch are combined in proportion to it.
   */
  weightSum: number;
}

/**
 * Everything about one training objective: what the rows carry, the loss and its gradient side by
 * side, how raw outputs become predictions, and whether accuracy applies. Looked up from `LOSSES`.
 */
export interface LossDefinition {
  /** One line for documentation and help texts. */
  readonly summary: string;
  /**
   * Outputs are class scores: rows may carry integer labels (else class-probability target rows),
   * accuracy is reported, and a row's predicted label is the argmax of its prediction.
   * False: rows carry target values (regression), and there is no accuracy.
   */
  readonly classification: boolean;
  /** Fewest output columns the network may have (cross-entropy needs 2 classes). */
  readonly minOutputs: number;
  /** Whether the output activation option (`outActivation`) applies to this loss. */
  readonly usesOutActivation: boolean;
  /**
   * The loss and its gradient in one pass over the last layer's raw outputs `z` (rows × outputs):
   * overwrites them with dL/dz of the MEAN loss over the rows, stores the rows predicted correctly
   * in `count.correct` and the mean's denominator in `count.weightSum`, and returns the mean loss.
   * `labels` are the rows' classes, or null when the rows carry `targets` (rows × outputs).
   * `classWeights` (one per output, classification only) weighs each row's loss as PyTorch's
   * `CrossEntropyLoss(weight=…)` does; null for none (today's unweighted path). Allocates nothing.
   */
  lossBackward(
    z: FloatArray,
    rows: number,
    outputs: number,
    outActivation: OutputActivation,
    labels: Int32Array | null,
    targets: FloatArray,
    count: CorrectCount,
    classWeights: Float64Array | null,
  ): number;
  /** Turns raw outputs (rows × outputs) into predictions in place: class probabilities or regression values. */
  predict(z: FloatArray, rows: number, outputs: number, outActivation: OutputActivation): void;
}
