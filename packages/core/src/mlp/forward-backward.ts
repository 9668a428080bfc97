import type { FloatArray } from '../dtype.js';
import { columnSums } from '../kernels/bias.js';
import { LOSSES } from '../losses/losses.js';
import { applyKeepFactors, type DropoutStep, multiplyByKeepFactors } from './dropout.js';
import type { Mlp } from './mlp.js';
import type { RowSource } from './row-source.js';
import type { MlpWorkspace } from './workspace.js';

/**
 * Copies the labels or target rows of `order[from..to)` (rows from..to when `order` is null) into
 * the workspace, and the feature rows too when they are not contiguous in the source: see
 * `inputOf` for where the forward pass then reads them.
 */
export function gatherRows(
  source: RowSource,
  order: Int32Array | null,
  from: number,
  to: number,
  ws: MlpWorkspace,
): void {
  const rows = to - from;
  const d = source.features;
  const o = source.outputs;
  const { x, labels, targets } = source;
  for (let r = 0; r < rows; r++) {
    const row = order === null ? from + r : order[from + r]!;
    if (labels) ws.labels[r] = labels[row]!;
    if (targets) for (let j = 0; j < o; j++) ws.targets[r * o + j] = targets[row * o + j]!;
  }
  if (order !== null) ws.kernels.gatherRows(x, d, order, from, rows, ws.input);
}

/** The array that holds the gathered rows: the source itself when they are contiguous. */
export function inputOf(source: RowSource, order: Int32Array | null, ws: MlpWorkspace): FloatArray {
  return order === null ? source.x : ws.input;
}

/**
 * Forward through every layer for `rows` rows starting at `input[inputOffset]`. Hidden layers
 * are activated; the last layer's buffer keeps the raw logits/pre-activations for the loss.
 * With `dropout` (a training step whose keep factors are in the workspace), each hidden layer that
 * drops passes its output times its keep factors on to the next layer.
 */
export function forwardLayers(
  mlp: Mlp,
  params: FloatArray,
  input: FloatArray,
  inputOffset: number,
  rows: number,
  ws: MlpWorkspace,
  dropout = false,
): void {
  const layers = mlp.layout.layers;
  let a = input;
  let aOffset = inputOffset;
  for (let l = 0; l < layers.length; l++) {
    const { inputs, outputs, weightOffset, biasOffset } = layers[l]!;
    const z = ws.activations[l]!;
    // Z = act(A·W + b); the last layer keeps its raw outputs for the loss
    ws.kernels.gemm(
      false,
      false,
      rows,
      outputs,
      inputs,
      1,
      a,
      aOffset,
      inputs,
      params,
      weightOffset,
      outputs,
      0,
      z,
      0,
      outputs,
    );
    const hidden = l < layers.length - 1;
    const activation = hidden ? mlp.config.activation : 'identity';
    const input = hidden ? (ws.preActivations[l] ?? null) : null;
    ws.kernels.biasActivation(
      z,
      rows,
      outputs,
      params,
      biasOffset,
      activation,
      mlp.activationParameters,
      input,
    );
    a = dropout && hidden ? layerOutput(ws, l, rows * outputs) : z;
    aOffset = 0;
  }
}

/** Hidden layer l's output as the next layer reads it in a training step: masked where it drops. */
function layerOutput(ws: MlpWorkspace, l: number, n: number): FloatArray {
  const factors = ws.keepFactors[l];
  if (!factors) return ws.activations[l]!;
  applyKeepFactors(ws.activations[l]!, factors, ws.dropped[l]!, n);
  return ws.dropped[l]!;
}

/**
 * Backward from the output gradient dZ (already in the last activation buffer) to every
 * parameter, writing the gradient of the loss into `grad` (same layout as the parameters).
 * `dropout` as for forwardLayers: the gradient passes back through the same keep factors.
 */
export function backwardLayers(
  mlp: Mlp,
  params: FloatArray,
  grad: FloatArray,
  input: FloatArray,
  inputOffset: number,
  rows: number,
  ws: MlpWorkspace,
  dropout = false,
): void {
  const layers = mlp.layout.layers;
  let dz = ws.activations[layers.length - 1]!;
  let spare = ws.deltaA;
  for (let l = layers.length - 1; l >= 0; l--) {
    const { inputs, outputs, weightOffset, biasOffset } = layers[l]!;
    const masked = dropout && l > 0 ? ws.dropped[l - 1] : null;
    const a = l === 0 ? input : (masked ?? ws.activations[l - 1]!);
    const aOffset = l === 0 ? inputOffset : 0;
    // dW = Aᵀ·dZ
    ws.kernels.gemm(
      true,
      false,
      inputs,
      outputs,
      rows,
      1,
      a,
      aOffset,
      inputs,
      dz,
      0,
      outputs,
      0,
      grad,
      weightOffset,
      outputs,
    );
    // db = Σ_rows dZ; below the top layer it came with dZ from activationBackwardSums
    if (l === layers.length - 1) columnSums(dz, 0, rows, outputs, grad, biasOffset);
    if (l === 0) break;
    // dA = dZ·Wᵀ, then dZ of the layer below = dA ⊙ act'(A), and that layer's db in the same pass
    ws.kernels.gemm(
      false,
      true,
      rows,
      inputs,
      outputs,
      1,
      dz,
      0,
      outputs,
      params,
      weightOffset,
      outputs,
      0,
      spare,
      0,
      inputs,
    );
    const below = layers[l - 1]!.biasOffset;
    // Through the mask first: dA = dD ⊙ keep factors, where D = A ⊙ keep factors fed this layer.
    if (masked) multiplyByKeepFactors(spare, ws.keepFactors[l - 1]!, rows * inputs);
    // The activation's derivative reads what its forward pass saved: its output A, or its input.
    const saved = ws.preActivations[l - 1] ?? ws.activations[l - 1]!;
    const { activation } = mlp.config;
    ws.kernels.activationBackwardSums(
      activation,
      mlp.activationParameters,
      saved,
      spare,
      rows,
      inputs,
      grad,
      below,
    );
    dz = spare;
    spare = dz === ws.deltaA ? ws.deltaB : ws.deltaA;
  }
}

/**
 * Replaces the outputs in the last activation buffer by dL/dZ of the MEAN loss over the rows,
 * records the rows classified correctly in `ws.correct` and the mean's denominator (summed sample
 * weight, the row count when unweighted) in `ws.weightSum`, and returns the mean loss.
 */
export function lossBackward(mlp: Mlp, source: RowSource, rows: number, ws: MlpWorkspace): number {
  const out = ws.activations[ws.activations.length - 1]!;
  const { loss, outActivation } = mlp.config;
  const labels = source.labels ? ws.labels : null;
  const weights = mlp.classWeights;
  return LOSSES[loss].lossBackward(out, rows, mlp.outputs, outActivation, labels, ws.targets, ws, weights);
}

/**
 * One shard's work in a training step: forward and backward over rows `order[from..to)` of the
 * source (rows from..to when `order` is null). Writes the gradient of the MEAN loss over those
 * rows into `grad` and returns that mean loss; `ws.correct` gets the rows classified correctly,
 * `ws.weightSum` their summed sample weight (the mean's denominator: the rows when unweighted).
 * Zero rows give a zero gradient and loss 0. Allocates nothing.
 *
 * With `dropout` (and a workspace created with its rates), the hidden layers drop units as
 * `torch.nn.Dropout` in training mode, with masks that depend only on the run's seed,
 * `dropout.step` and each row's id in the source (`order[i]`): see dropout-mask.ts.
 */
export function forwardBackward(
  mlp: Mlp,
  params: FloatArray,
  grad: FloatArray,
  source: RowSource,
  order: Int32Array | null,
  from: number,
  to: number,
  ws: MlpWorkspace,
  dropout: DropoutStep | null = null,
): number {
  const rows = to - from;
  if (rows <= 0) {
    grad.fill(0, 0, mlp.layout.count);
    ws.correct = 0;
    ws.weightSum = 0;
    return 0;
  }
  if (rows > ws.maxRows)
    throw new Error(`forwardBackward: ${rows} rows exceed the workspace's ${ws.maxRows}`);
  gatherRows(source, order, from, to, ws);
  const input = inputOf(source, order, ws);
  const inputOffset = order === null ? from * source.features : 0;
  const masked = dropout?.fillKeepFactors(order, from, rows, ws) === true;
  forwardLayers(mlp, params, input, inputOffset, rows, ws, masked);
  const loss = lossBackward(mlp, source, rows, ws);
  backwardLayers(mlp, params, grad, input, inputOffset, rows, ws, masked);
  return loss;
}
