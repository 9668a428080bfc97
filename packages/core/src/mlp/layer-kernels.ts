import type { FloatArray } from '../dtype.js';
import { type Activation, activationBackward, activationForward } from '../kernels/activations.js';
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
   * row at `b[bOffset ..]`; `activation` null adds the bias only.
   */
  biasActivation(
    z: FloatArray,
    rows: number,
    cols: number,
    b: FloatArray,
    bOffset: number,
    activation: Activation | null,
  ): void;
  /**
   * g ⊙= act'(a) over `rows × cols` of `a` and `g` from index 0 (act' from the activation's output,
   * as `activationBackward`), then the column sums of the result into `db[dbOffset ..]`: dZ of the
   * layer below and its bias gradient.
   */
  activationBackwardSums(
    activation: Activation,
    a: FloatArray,
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
  biasActivation(z, rows, cols, b, bOffset, activation) {
    addBiasRows(z, 0, rows, cols, b, bOffset);
    if (activation) activationForward(activation, z, 0, rows * cols);
  },
  activationBackwardSums(activation, a, g, rows, cols, db, dbOffset) {
    activationBackward(activation, a, 0, g, 0, rows * cols);
    columnSums(g, 0, rows, cols, db, dbOffset);
  },
  gatherRows(x, features, order, from, rows, out) {
    for (let r = 0; r < rows; r++) {
      const row = order[from + r]! * features;
      for (let j = 0; j < features; j++) out[r * features + j] = x[row + j]!;
    }
  },
};
