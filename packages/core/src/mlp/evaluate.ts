import type { FloatArray } from '../dtype.js';
import { ACTIVATION_TABLE } from '../kernels/activations.js';
import { softmaxRows } from '../kernels/softmax-cross-entropy.js';
import { forwardLayers, gatherRows, inputOf, lossBackward } from './forward-backward.js';
import type { Mlp } from './mlp.js';
import type { RowSource } from './row-source.js';
import type { MlpWorkspace } from './workspace.js';

/** Mean loss over a set of rows, and the fraction classified correctly (null for mse). */
export interface Evaluation {
  /** Mean loss over the rows (the training loss definition); 0 for no rows. */
  readonly loss: number;
  /** Fraction of rows classified correctly, in [0, 1]; null for mse. */
  readonly accuracy: number | null;
}

/**
 * Loss and accuracy of the parameters on rows `[0, rows)` of the source, in chunks of the
 * workspace's size. The loss is the same mean the training step reports.
 */
export function evaluateRows(
  mlp: Mlp,
  params: FloatArray,
  source: RowSource,
  rows: number,
  ws: MlpWorkspace,
): Evaluation {
  let lossSum = 0;
  let correct = 0;
  for (let from = 0; from < rows; from += ws.maxRows) {
    const to = Math.min(rows, from + ws.maxRows);
    gatherRows(source, null, from, to, ws);
    forwardLayers(mlp, params, inputOf(source, null, ws), from * source.features, to - from, ws);
    lossSum += lossBackward(mlp, source, to - from, ws) * (to - from);
    correct += ws.correct;
  }
  const n = Math.max(rows, 1);
  return { loss: lossSum / n, accuracy: mlp.config.loss === 'ce' ? correct / n : null };
}

/**
 * Network outputs for `rows` rows of `x` (rows × inputs) into `out` (rows × outputs):
 * class probabilities for ce, regression outputs for mse.
 */
export function predictRows(
  mlp: Mlp,
  params: FloatArray,
  x: FloatArray,
  rows: number,
  out: FloatArray,
  ws: MlpWorkspace,
): void {
  const o = mlp.outputs;
  const last = ws.activations[ws.activations.length - 1]!;
  for (let from = 0; from < rows; from += ws.maxRows) {
    const n = Math.min(rows, from + ws.maxRows) - from;
    forwardLayers(mlp, params, x, from * mlp.inputs, n, ws);
    if (mlp.config.loss === 'ce') softmaxRows(last, 0, n, o);
    else ACTIVATION_TABLE[mlp.config.outActivation].forward(last, 0, n * o, mlp.activationParameters);
    for (let i = 0; i < n * o; i++) out[from * o + i] = last[i]!;
  }
}
