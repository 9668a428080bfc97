import type { FloatArray } from '../dtype.js';
import type { ActivationParameters } from '../kernels/activation-definition.js';
import { type ActivationName, activationDefinition } from '../kernels/activations.js';
import { addBiasRows, columnSums } from '../kernels/bias.js';
import { gemm } from '../kernels/gemm.js';
import type { GemmFn } from '../kernels/gemm-reference.js';

/**
 * The kernels one layer's forward and backward passes run on, so that a backend can replace them
 * together: the TypeScript reference below, or WebAssembly SIMD over a shared memory
 * (`WasmLayerKernels`). Every backend gives the reference's results to the last bit except where
 * its documentation says otherwise.
 */
export interface LayerKernels {
  /** The matrix product. */
  readonly gemm: GemmFn;
  /**
   * z = act(z + b) over the `rows × cols` of `z` from index 0 (row stride `cols`), with the bias
   * row at `b[bOffset ..]` ('identity' adds the bias only). For an activation that saves its input
   * (`ACTIVATION_TABLE[activation].saves`), z + b is also stored in `input` from index 0.
   */
  biasActivation(
    z: FloatArray,
    rows: number,
    cols: number,
    b: FloatArray,
    bOffset: number,
    activation: ActivationName,
    p: ActivationParameters,
    input: FloatArray | null,
  ): void;
  /**
   * g ⊙= act'(saved) over `rows × cols` of `saved` and `g` from index 0 (from what the activation
   * saves: its output, or its input, as `activationBackward`), then the column sums of the result
   * into `db[dbOffset ..]`: dZ of the layer below and its bias gradient.
   */
  activationBackwardSums(
    activation: ActivationName,
    p: ActivationParameters,
    saved: FloatArray,
    g: FloatArray,
    rows: number,
    cols: number,
    db: FloatArray,
    dbOffset: number,
  ): void;
  /** Copies the rows `order[from .. from + rows)` of `x` (row width `features`) to `out` from index 0. */
  gatherRows(
    x: FloatArray,
    features: number,
    order: Int32Array,
    from: number,
    rows: number,
    out: FloatArray,
  ): void;
}

/** The TypeScript reference kernels: any arrays, one pass per operation. */
export const TS_LAYER_KERNELS: LayerKernels = {
  gemm,
  biasActivation(z, rows, cols, b, bOffset, activation, p, input) {
    addBiasRows(z, 0, rows, cols, b, bOffset);
    const definition = activationDefinition(activation);
    if (definition.saves === 'input') {
      if (!input) throw new Error(`biasActivation: ${activation} needs a buffer for its inputs`);
      for (let i = 0; i < rows * cols; i++) input[i] = z[i]!; // no subarray: nothing allocated per step
    }
    definition.forward(z, 0, rows * cols, p);
  },
  activationBackwardSums(activation, p, saved, g, rows, cols, db, dbOffset) {
    activationDefinition(activation).backward(saved, 0, g, 0, rows * cols, p);
    columnSums(g, 0, rows, cols, db, dbOffset);
  },
  gatherRows(x, features, order, from, rows, out) {
    for (let r = 0; r < rows; r++) {
      const row = order[from + r]! * features;
      for (let j = 0; j < features; j++) out[r * features + j] = x[row + j]!;
    }
  },
};

/** `kernels` with `gemm` in place of their own matrix product (e.g. a native CBLAS one), the rest unchanged. */
export function withGemm(kernels: LayerKernels, gemm: GemmFn): LayerKernels {
  return {
    gemm,
    biasActivation: kernels.biasActivation,
    activationBackwardSums: kernels.activationBackwardSums,
    gatherRows: kernels.gatherRows,
  };
}
