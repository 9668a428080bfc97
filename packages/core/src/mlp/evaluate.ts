import type { FloatArray } from '../dtype.js';
import { LOSSES } from '../losses/losses.js';
import type { PredictionObserver } from '../metrics/prediction-observer.js';
import { forwardLayers, gatherRows, inputOf, lossBackward } from './forward-backward.js';
import type { Mlp } from './mlp.js';
import type { RowSource } from './row-source.js';
import type { MlpWorkspace } from './workspace.js';

/** Mean loss over a set of rows, and the fraction classified correctly (null where accuracy does not apply). */
export interface Evaluation {
  /** Mean loss over the rows (the training loss definition, class-weighted where so configured); 0 for no rows. */
  readonly loss: number;
  /** Fraction of rows classified correctly, in [0, 1]; null for a loss without accuracy (mse). */
  readonly accuracy: number | null;
}

/**
 * Loss and accuracy of the parameters on rows `[0, rows)` of the source, in chunks of the
 * workspace's size. The loss is the same mean the training step reports (with class weights,
 * Σ w[yᵢ]·lᵢ / Σ w[yᵢ] over all the rows); accuracy stays unweighted. `observer` (metrics) sees each
 * chunk's raw outputs in the same pass.
 */
export function evaluateRows(
  mlp: Mlp,
  params: FloatArray,
  source: RowSource,
  rows: number,
  ws: MlpWorkspace,
  observer?: PredictionObserver,
): Evaluation {
  let lossSum = 0;
  let weightSum = 0;
  let correct = 0;
  for (let from = 0; from < rows; from += ws.maxRows) {
    const to = Math.min(rows, from + ws.maxRows);
    gatherRows(source, null, from, to, ws);
    forwardLayers(mlp, params, inputOf(source, null, ws), from * source.features, to - from, ws);
    const labels = source.labels ? ws.labels : null;
    observer?.add(
      ws.activations[ws.activations.length - 1]!,
      to - from,
      labels,
      source.targets && ws.targets,
    );
    // Each chunk's mean times its denominator: the rows, or with class weights their summed weight.
    lossSum += lossBackward(mlp, source, to - from, ws) * ws.weightSum;
    weightSum += ws.weightSum;
    correct += ws.correct;
  }
  const n = Math.max(rows, 1);
  return {
    loss: weightSum > 0 ? lossSum / weightSum : 0,
    accuracy: LOSSES[mlp.config.loss].classification ? correct / n : null,
  };
}

/**
 * Network outputs for `rows` rows of `x` (rows × inputs) into `out` (rows × outputs):
 * as the loss turns them into predictions (class probabilities for ce, regression outputs for mse).
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
  const { loss, outActivation } = mlp.config;
  for (let from = 0; from < rows; from += ws.maxRows) {
    const n = Math.min(rows, from + ws.maxRows) - from;
    forwardLayers(mlp, params, x, from * mlp.inputs, n, ws);
    LOSSES[loss].predict(last, n, o, outActivation);
    for (let i = 0; i < n * o; i++) out[from * o + i] = last[i]!;
  }
}
