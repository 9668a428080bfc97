// Test-only: runs the same computation on either kernel backend. 'wasm' puts the data, parameters,
// gradients and workspace in one shared WebAssembly memory, as the engine does, so every GEMM
// runs in WebAssembly SIMD; 'ts' uses ordinary arrays and the TypeScript kernels.
import { setFlagsFromString } from 'node:v8';
import { allocate, bytesPerElement, type DType, type FloatArray, viewOf } from '../dtype.js';
import type { Mlp } from '../mlp/mlp.js';
import type { RowSource } from '../mlp/row-source.js';
import { createWorkspace, type MlpWorkspace, workspaceByteLength } from '../mlp/workspace.js';
import { compileKernelModule } from '../wasm/kernel-module.js';
import { WASM_GEMM_SCRATCH_BYTES, WasmGemm } from '../wasm/wasm-gemm.js';

export type Backend = 'ts' | 'wasm';
export const BACKENDS: readonly Backend[] = ['ts', 'wasm'];

export interface Arena {
  /** A float array of `dtype` holding `values` (or zeros of that length). */
  floats(dtype: DType, values: ArrayLike<number> | number): FloatArray;
  /** The source's arrays copied into the arena. */
  source(source: RowSource): RowSource;
  workspace(mlp: Mlp, maxRows: number): MlpWorkspace;
}

setFlagsFromString('--experimental-wasm-relaxed-simd');
const module = compileKernelModule('simd');

export function arenaFor(backend: Backend, megabytes = 32): Arena {
  if (backend === 'ts') {
    return {
      floats: (dtype, values) => {
        const a = allocate(dtype, typeof values === 'number' ? values : values.length);
        if (typeof values !== 'number') a.set(values);
        return a;
      },
      source: (s) => s,
      workspace: (mlp, rows) => createWorkspace(mlp, rows),
    };
  }
  if (!module) throw new Error('WebAssembly SIMD is not available here');
  const pages = (megabytes * 2 ** 20) / 65536;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const gemm = new WasmGemm(memory, module, 0).gemm;
  let next = WASM_GEMM_SCRATCH_BYTES;
  const reserve = (bytes: number) => {
    const at = Math.ceil(next / 16) * 16;
    next = at + bytes;
    if (next > memory.buffer.byteLength) throw new Error('test arena is full');
    return at;
  };
  const floats = (dtype: DType, values: ArrayLike<number> | number) => {
    const length = typeof values === 'number' ? values : values.length;
    const a = viewOf(dtype, memory.buffer, reserve(length * bytesPerElement(dtype)), length);
    if (typeof values !== 'number') a.set(values);
    return a;
  };
  return {
    floats,
    source: (s) => {
      const dtype: DType = s.x instanceof Float32Array ? 'f32' : 'f64';
      let labels: Int32Array | null = null;
      if (s.labels) {
        labels = new Int32Array(memory.buffer, reserve(s.labels.length * 4), s.labels.length);
        labels.set(s.labels);
      }
      return { ...s, x: floats(dtype, s.x), labels, targets: s.targets && floats(dtype, s.targets) };
    },
    workspace: (mlp, rows) =>
      createWorkspace(mlp, rows, {
        gemm,
        placement: { buffer: memory.buffer, byteOffset: reserve(workspaceByteLength(mlp, rows)) },
      }),
  };
}
