import { ACTIVATION_TABLE, type ActivationName } from '../kernels/activations.js';
import type { GemmFn } from '../kernels/gemm-reference.js';
import { type LayerKernels, TS_LAYER_KERNELS } from '../mlp/layer-kernels.js';
import { allInMemory } from './in-memory.js';
import { WasmGemm } from './wasm-gemm.js';
import { WebAssembly } from './webassembly-types.js';

/**
 * The `act` code of every activation in the table, read from the module's `activation_<name>`
 * exports (scripts/activation-wat.mjs): a name without WebAssembly code fails here, loudly.
 */
function activationCodes(exports: WebAssembly.Instance['exports']): Record<ActivationName, number> {
  const codes = {} as Record<ActivationName, number>;
  for (const name of Object.keys(ACTIVATION_TABLE) as ActivationName[]) {
    const global = exports[`activation_${name}`];
    if (!(global instanceof WebAssembly.Global)) {
      throw new Error(
        `the WebAssembly kernels have no code for activation "${name}" (scripts/activation-wat.mjs)`,
      );
    }
    codes[name] = global.value as number;
  }
  return codes;
}

/** bias + activation over rows × cols at byte offsets; `input` is where z + b is kept for an activation whose backward reads it (gelu), else z itself. */
type BiasActivationKernel = (
  z: number,
  rows: number,
  cols: number,
  ldz: number,
  b: number,
  act: number,
  slope: number,
  input: number,
) => void;

/** Activation backward on g, fused with the bias gradient's column sums into `db`. */
type ActivationBackwardKernel = (
  saved: number,
  g: number,
  rows: number,
  cols: number,
  act: number,
  slope: number,
  db: number,
) => void;

interface ElementwiseKernels {
  bias_act_f32: BiasActivationKernel;
  bias_act_f64: BiasActivationKernel;
  act_backward_f32: ActivationBackwardKernel;
  act_backward_f64: ActivationBackwardKernel;
  gather_rows(x: number, order: number, rows: number, rowBytes: number, dst: number): void;
}

/**
 * The layer kernels in WebAssembly SIMD, in place over a shared WebAssembly.Memory: the GEMM of
 * `WasmGemm`, one pass each for bias + activation and for activation backward + bias gradient, and
 * a row gather by memory.copy.
 * Identity, relu and leaky_relu, and the backward of every activation that reads its output,
 * give the TypeScript kernels' results bit for bit. Sigmoid, tanh, gelu and gelu_tanh evaluate exp
 * in float64 lanes (scripts/activation-wat.mjs): float32 results equal the TypeScript kernels'
 * except at rare exact rounding ties, float64 results are within a few ulp of the correctly rounded
 * values, as the TypeScript kernels' are (bounds in wasm-layer-kernels.test.ts). Arrays outside the
 * memory fall back to the TypeScript kernels.
 */
export class WasmLayerKernels implements LayerKernels {
  readonly gemm: GemmFn;
  private readonly kernels: ElementwiseKernels;
  private readonly codes: Record<ActivationName, number>;

  constructor(
    private readonly memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    /** Byte offset of WASM_GEMM_SCRATCH_BYTES of scratch reserved for this instance's GEMM. */
    scratch: number,
  ) {
    this.gemm = new WasmGemm(memory, module, scratch).gemm;
    const { exports } = new WebAssembly.Instance(module, { env: { memory } });
    this.kernels = exports as unknown as ElementwiseKernels;
    this.codes = activationCodes(exports);
  }

  readonly biasActivation: LayerKernels['biasActivation'] = (
    z,
    rows,
    cols,
    b,
    bOffset,
    activation,
    p,
    input,
  ) => {
    const f32 = z instanceof Float32Array;
    const keeps = ACTIVATION_TABLE[activation].saves === 'input';
    const kept = keeps ? input : z;
    if (!kept || !allInMemory(this.memory, z, b, kept)) {
      TS_LAYER_KERNELS.biasActivation(z, rows, cols, b, bOffset, activation, p, input);
      return;
    }
    const elem = f32 ? 4 : 8;
    const kernel = f32 ? this.kernels.bias_act_f32 : this.kernels.bias_act_f64;
    const code = this.codes[activation];
    kernel(
      z.byteOffset,
      rows,
      cols,
      cols * elem,
      b.byteOffset + bOffset * elem,
      code,
      p.negativeSlope,
      kept.byteOffset,
    );
  };

  readonly activationBackwardSums: LayerKernels['activationBackwardSums'] = (
    activation,
    p,
    saved,
    g,
    rows,
    cols,
    db,
    dbOffset,
  ) => {
    const f32 = g instanceof Float32Array;
    if (!allInMemory(this.memory, g, saved, db)) {
      TS_LAYER_KERNELS.activationBackwardSums(activation, p, saved, g, rows, cols, db, dbOffset);
      return;
    }
    const elem = f32 ? 4 : 8;
    const kernel = f32 ? this.kernels.act_backward_f32 : this.kernels.act_backward_f64;
    kernel(
      saved.byteOffset,
      g.byteOffset,
      rows,
      cols,
      this.codes[activation],
      p.negativeSlope,
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
