import './webassembly-types.js';
import type { Activation } from '../kernels/activations.js';
import type { GemmFn } from '../kernels/gemm-reference.js';
import { type LayerKernels, TS_LAYER_KERNELS } from '../mlp/layer-kernels.js';
import { allInMemory } from './in-memory.js';
import { WasmGemm } from './wasm-gemm.js';

// The act codes of the kernels (scripts/layer-wat.mjs).
const ACTIVATION_CODES: Record<Activation | 'identity', number> = {
  identity: 0,
  relu: 1,
  sigmoid: 2,
  tanh: 3,
};

interface ElementwiseKernels {
  bias_act_f32(z: number, rows: number, cols: number, ldz: number, b: number, act: number): void;
  bias_act_f64(z: number, rows: number, cols: number, ldz: number, b: number, act: number): void;
  act_backward_f32(a: number, g: number, rows: number, cols: number, act: number, db: number): void;
  act_backward_f64(a: number, g: number, rows: number, cols: number, act: number, db: number): void;
  gather_rows(x: number, order: number, rows: number, rowBytes: number, dst: number): void;
}

/**
 * The layer kernels in WebAssembly SIMD, in place over a shared WebAssembly.Memory: the GEMM of
 * `WasmGemm`, one pass each for bias + activation and for activation backward + bias gradient, and
 * a row gather by memory.copy.
 * Identity, relu, and every backward pass give the TypeScript kernels' results bit for bit.
 * Sigmoid and tanh evaluate exp in float64 lanes (scripts/layer-wat.mjs): float32 results equal
 * Math.exp/Math.tanh rounded to float32 except at rare exact rounding ties, float64 results are
 * within 2.5 ulp of the correctly rounded values, as Math's are. Arrays outside the memory fall
 * back to the TypeScript kernels.
 */
export class WasmLayerKernels implements LayerKernels {
  readonly gemm: GemmFn;
  private readonly kernels: ElementwiseKernels;

  constructor(
    private readonly memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    /** Byte offset of WASM_GEMM_SCRATCH_BYTES of scratch reserved for this instance's GEMM. */
    scratch: number,
  ) {
    this.gemm = new WasmGemm(memory, module, scratch).gemm;
    this.kernels = new WebAssembly.Instance(module, { env: { memory } })
      .exports as unknown as ElementwiseKernels;
  }

  readonly biasActivation: LayerKernels['biasActivation'] = (z, rows, cols, b, bOffset, activation) => {
    const f32 = z instanceof Float32Array;
    if (!allInMemory(this.memory, z, b)) {
      TS_LAYER_KERNELS.biasActivation(z, rows, cols, b, bOffset, activation);
      return;
    }
    const elem = f32 ? 4 : 8;
    const kernel = f32 ? this.kernels.bias_act_f32 : this.kernels.bias_act_f64;
    kernel(
      z.byteOffset,
      rows,
      cols,
      cols * elem,
      b.byteOffset + bOffset * elem,
      ACTIVATION_CODES[activation ?? 'identity'],
    );
  };

  readonly activationBackwardSums: LayerKernels['activationBackwardSums'] = (
    activation,
    a,
    g,
    rows,
    cols,
    db,
    dbOffset,
  ) => {
    const f32 = g instanceof Float32Array;
    if (!allInMemory(this.memory, g, a, db)) {
      TS_LAYER_KERNELS.activationBackwardSums(activation, a, g, rows, cols, db, dbOffset);
      return;
    }
    const elem = f32 ? 4 : 8;
    const kernel = f32 ? this.kernels.act_backward_f32 : this.kernels.act_backward_f64;
    kernel(
      a.byteOffset,
      g.byteOffset,
      rows,
      cols,
      ACTIVATION_CODES[activation],
      db.byteOffset + dbOffset * elem,
    );
  };

  readonly gatherRows: LayerKernels['gatherRows'] = (x, features, order, from, rows, out) => {
    const f32 = x instanceof Float32Array;
    if (!allInMemory(this.memory, x, out) || order.buffer !== this.memory.buffer) {
      TS_LAYER_KERNELS.gatherRows(x, features, order, from, rows, out);
      return;
    }
    const rowBytes = features * (f32 ? 4 : 8);
    this.kernels.gather_rows(x.byteOffset, order.byteOffset + from * 4, rows, rowBytes, out.byteOffset);
  };
}
