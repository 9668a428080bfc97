// Test-only: runs the same computation on either kernel backend. 'wasm' puts the data, parameters,
// gradients and workspace in one shared WebAssembly memory, as the engine does, so every kernel
// runs in WebAssembly SIMD; 'ts' uses ordinary arrays and the TypeScript kernels.
import { enableRelaxedSimd } from '../../scripts/relaxed-simd.mjs';
import { allocate, type DType, type FloatArray } from '../dtype.js';
import type { Mlp } from '../mlp/mlp.js';
import type { RowSource } from '../mlp/row-source.js';
import { createWorkspace, type MlpWorkspace } from '../mlp/workspace.js';
import { compileKernelModule } from '../wasm/kernel-module.js';
import { WasmArena } from '../wasm/wasm-arena.js';

export type Backend = 'ts' | 'wasm';
export const BACKENDS: readonly Backend[] = ['ts', 'wasm'];

export interface Arena {
  /** A float array of `dtype` holding `values` (or zeros of that length). */
  floats(dtype: DType, values: ArrayLike<number> | number): FloatArray;
  /** An Int32Array in the arena holding `values`. */
  int32(values: ArrayLike<number>): Int32Array;
  /** The source's arrays copied into the arena. */
  source(source: RowSource): RowSource;
  /** A workspace for up to `maxRows` rows, with mask buffers for the hidden layers `dropout` drops. */
  workspace(mlp: Mlp, maxRows: number, dropout?: readonly number[]): MlpWorkspace;
}

enableRelaxedSimd(() => compileKernelModule('relaxed') !== null);
const module = compileKernelModule('simd');

export function arenaFor(backend: Backend, megabytes = 32): Arena {
  if (backend === 'ts') {
    return {
      floats: (dtype, values) => {
        const a = allocate(dtype, typeof values === 'number' ? values : values.length);
        if (typeof values !== 'number') a.set(values);
        return a;
      },
      int32: (values) => Int32Array.from(values),
      source: (s) => s,
      workspace: (mlp, rows, dropout) => createWorkspace(mlp, rows, { dropout: dropout ?? [] }),
    };
  }
  if (!module) throw new Error('WebAssembly SIMD is not available here');
  return new WasmArena(module, megabytes);
}
