import { allocate, type FloatArray } from '../dtype.js';
import type { Mlp } from './mlp.js';

/**
 * Scratch memory for forward and backward over up to `maxRows` rows, allocated once per worker
 * so that a training step allocates nothing.
 */
export interface MlpWorkspace {
  /** Most rows one forward/backward call may process (at least 1). */
  readonly maxRows: number;
  /** Gathered input rows (maxRows × inputs), used when the rows are not contiguous in the source. */
  readonly input: FloatArray;
  /** Output of each layer l = 0…L−1 (maxRows × sizes[l+1]); the last holds logits/outputs. */
  readonly activations: readonly FloatArray[];
  /** Ping-pong buffers for the gradients w.r.t. hidden activations (maxRows × maxWidth). */
  readonly deltaA: FloatArray;
  /** The other ping-pong gradient buffer (maxRows × maxWidth). */
  readonly deltaB: FloatArray;
  /** Gathered labels of the current rows (maxRows). */
  readonly labels: Int32Array;
  /** Gathered target rows of the current rows (maxRows × outputs). */
  readonly targets: FloatArray;
  /** Rows predicted correctly by the last forwardBackward/evaluateRows call (classification). */
  correct: number;
}

/** Allocates a workspace for `mlp` and batches of up to `maxRows` rows (at least 1). */
export function createWorkspace(mlp: Mlp, maxRows: number): MlpWorkspace {
  const { dtype, sizes } = mlp.config;
  const rows = Math.max(1, maxRows);
  return {
    maxRows: rows,
    input: allocate(dtype, rows * mlp.inputs),
    activations: sizes.slice(1).map((width) => allocate(dtype, rows * width)),
    deltaA: allocate(dtype, rows * mlp.maxWidth),
    deltaB: allocate(dtype, rows * mlp.maxWidth),
    labels: new Int32Array(rows),
    targets: allocate(dtype, rows * mlp.outputs),
    correct: 0,
  };
}
