/**
 * Inverted dropout on the hidden layers' outputs, as `torch.nn.Dropout(p)` in training mode: each
 * unit of a hidden layer's activation output is kept with probability 1 − p and scaled by
 * 1 / (1 − p), or set to 0. Not applied to the network's input nor to the output layer, and only
 * in training steps (forwardBackward given a DropoutStep); evaluation and prediction never drop.
 *
 * Per step, the masks of the step's rows are written once into the workspace as keep factors
 * (0 or the scale); the forward pass multiplies the activation output by them into a separate
 * buffer (the activation's own output stays for its derivative), and the backward pass multiplies
 * the incoming gradient by the same factors before the activation's derivative.
 */

import { dtypeOf, type FloatArray } from '../dtype.js';
import {
  dropoutBitsOf,
  dropoutLayerKey,
  dropoutRowKey,
  dropoutScale,
  dropoutSeedKey,
  dropoutStepKey,
  dropoutUnitCode,
  keepThreshold,
} from './dropout-mask.js';
import type { MlpWorkspace } from './workspace.js';

/** A run's dropout: the drop probability after each hidden layer and the seed of its masks. */
export interface DropoutConfig {
  /** One drop probability per hidden layer, each in [0, 1); 0 leaves that layer's output alone. */
  readonly rates: readonly number[];
  /** The seed the masks derive from (a safe integer: the run's seed). */
  readonly seed: number;
}

/** Throws a RangeError unless `config` gives `hiddenLayers` rates in [0, 1) and a safe integer seed. */
export function checkDropoutConfig(config: DropoutConfig, hiddenLayers: number): void {
  const { rates, seed } = config;
  if (!Array.isArray(rates) || rates.length !== hiddenLayers) {
    throw new RangeError(
      `dropout needs one rate per hidden layer (${hiddenLayers}), got ${JSON.stringify(rates)}`,
    );
  }
  for (const p of rates) {
    if (!(typeof p === 'number' && p >= 0 && p < 1))
      throw new RangeError(`dropout rates must be in [0, 1), got ${JSON.stringify(p)}`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`dropout seed must be a safe integer, got ${seed}`);
}

/** True when some hidden layer drops anything: with all rates 0 a run is exactly one without dropout. */
export function dropsAnything(rates: readonly number[] | undefined): boolean {
  return rates?.some((p) => p > 0) === true;
}

/**
 * The dropout of one worker's training steps: made once, then `step` is set to the global step
 * (optimizer updates committed before it) ahead of each forwardBackward. Allocates nothing per step.
 */
export class DropoutStep {
  /** Drop probability per hidden layer. */
  readonly rates: readonly number[];
  /** The global step the next forwardBackward computes (0-based). */
  step = 0;
  private readonly seedKey: number;
  /** dropoutUnitCode of units 0, 1, …: grown to the widest layer on the first step, then reused. */
  private unitCodes = new Uint32Array(0);

  /** Checks nothing about the layer count: the workspace's buffers say which layers drop. */
  constructor(config: DropoutConfig) {
    this.rates = [...config.rates];
    this.seedKey = dropoutSeedKey(config.seed);
  }

  /**
   * Writes the keep factors of rows `order[from .. from + rows)` (rows from.. when `order` is null)
   * into the workspace: row r, unit u of hidden layer l gets 1/(1 − p) or 0 at index r·width + u.
   * Returns whether any layer drops; throws if the workspace was made without a layer's buffers.
   */
  fillKeepFactors(order: Int32Array | null, from: number, rows: number, ws: MlpWorkspace): boolean {
    const layers = ws.keepFactors.length;
    let drops = false;
    for (let l = 0; l < layers; l++) {
      const rate = this.rates[l] ?? 0;
      if (rate > 0 && !ws.keepFactors[l])
        throw new Error(`dropout: the workspace has no mask buffers for hidden layer ${l} (rate ${rate})`);
      drops ||= ws.keepFactors[l] !== null;
    }
    if (!drops) return false;
    const widest = ws.deltaA.length / ws.maxRows;
    if (this.unitCodes.length < widest) {
      this.unitCodes = Uint32Array.from({ length: widest }, (_, u) => dropoutUnitCode(u));
    }
    const codes = this.unitCodes;
    const stepKey = dropoutStepKey(this.seedKey, this.step);
    for (let r = 0; r < rows; r++) {
      const rowKey = dropoutRowKey(stepKey, order === null ? from + r : order[from + r]!);
      for (let l = 0; l < layers; l++) {
        const factors = ws.keepFactors[l];
        if (!factors) continue;
        const p = this.rates[l]!;
        const width = ws.activations[l]!.length / ws.maxRows;
        const scale = dropoutScale(p, dtypeOf(factors));
        const threshold = keepThreshold(p);
        const layerKey = dropoutLayerKey(rowKey, l);
        const base = r * width;
        for (let u = 0; u < width; u++) {
          factors[base + u] = dropoutBitsOf(layerKey, codes[u]!) < threshold ? scale : 0;
        }
      }
    }
    return true;
  }
}

/** out[i] = values[i] · factors[i] for i < n: a hidden layer's output with its mask applied. */
export function applyKeepFactors(values: FloatArray, factors: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) out[i] = values[i]! * factors[i]!;
}

/** g[i] ·= factors[i] for i < n: the gradient through the mask, back to the activation's output. */
export function multiplyByKeepFactors(g: FloatArray, factors: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) g[i] = g[i]! * factors[i]!;
}
