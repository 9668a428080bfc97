import { bytesPerElement, type DType, type FloatArray, viewOf } from '../dtype.js';
import type { GemmFn } from '../kernels/gemm-reference.js';
import { withGemm } from '../mlp/layer-kernels.js';
import type { Mlp } from '../mlp/mlp.js';
import type { RowSource } from '../mlp/row-source.js';
import { createWorkspace, type MlpWorkspace, workspaceByteLength } from '../mlp/workspace.js';
import { WASM_GEMM_SCRATCH_BYTES } from './wasm-gemm.js';
import { WasmLayerKernels } from './wasm-layer-kernels.js';
import { WebAssembly } from './webassembly-types.js';

/**
 * One shared WebAssembly.Memory handed out front to back, for running the WebAssembly kernels
 * outside the engine (benchmarks, tests): whatever is placed here is worked on in place, as in a
 * training run. Nothing is ever freed; make one arena per job.
 */
export class WasmArena {
  /** The shared memory everything in the arena lives in. */
  readonly memory: WebAssembly.Memory;
  private next = 0;

  constructor(
    private readonly module: WebAssembly.Module,
    megabytes: number,
  ) {
    const pages = Math.ceil((megabytes * 2 ** 20) / 65536);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  }

  /** Byte offset of `bytes` fresh bytes, 16-aligned. */
  reserve(bytes: number): number {
    const at = Math.ceil(this.next / 16) * 16;
    if (at + bytes > this.memory.buffer.byteLength)
      throw new Error(`WasmArena: ${bytes} more bytes do not fit in ${this.memory.buffer.byteLength}`);
    this.next = at + bytes;
    return at;
  }

  /** A float array of `dtype` holding `values` (or zeros of that length). */
  floats(dtype: DType, values: ArrayLike<number> | number): FloatArray {
    const length = typeof values === 'number' ? values : values.length;
    const array = viewOf(dtype, this.memory.buffer, this.reserve(length * bytesPerElement(dtype)), length);
    if (typeof values !== 'number') array.set(values);
    return array;
  }

  /** An Int32Array in the arena holding `values`. */
  int32(values: ArrayLike<number>): Int32Array {
    const array = new Int32Array(this.memory.buffer, this.reserve(values.length * 4), values.length);
    array.set(values);
    return array;
  }

  /** The source's arrays copied into the arena. */
  source(source: RowSource): RowSource {
    const dtype: DType = source.x instanceof Float32Array ? 'f32' : 'f64';
    const labels = source.labels && this.int32(source.labels);
    const targets = source.targets && this.floats(dtype, source.targets);
    return { ...source, x: this.floats(dtype, source.x), labels, targets };
  }

  /** The WebAssembly layer kernels, with their GEMM scratch in the arena. */
  layerKernels(): WasmLayerKernels {
    return new WasmLayerKernels(this.memory, this.module, this.reserve(WASM_GEMM_SCRATCH_BYTES));
  }

  /** A workspace in the arena that runs the WebAssembly kernels (with buffers for `dropout`'s rates), with `gemm` as its matrix product when given. */
  workspace(mlp: Mlp, maxRows: number, dropout: readonly number[] = [], gemm?: GemmFn): MlpWorkspace {
    const wasm = this.layerKernels();
    const kernels = gemm ? withGemm(wasm, gemm) : wasm;
    const byteOffset = this.reserve(workspaceByteLength(mlp, maxRows, dropout));
    const placement = { buffer: this.memory.buffer, byteOffset };
    return createWorkspace(mlp, maxRows, { kernels, placement, dropout });
  }
}
