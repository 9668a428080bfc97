import {
  createWorkspace,
  type Evaluation,
  evaluateRows,
  type FloatArray,
  type Mlp,
  type PredictionObserver,
  predictRows,
  processKernels,
  type RowSource,
  WasmForward,
} from '@shardwise/core';
import { nativeGemm } from '@shardwise/worker';
import { UsageError } from '../errors.js';
import { type ForwardKernelChoice, resolveKernels } from './kernel-choice.js';

/** Forward passes over many rows, a chunk at a time, on one thread: evaluation and prediction. */
export interface ForwardRunner {
  /** Rows per chunk. */
  readonly maxRows: number;
  /** Mean loss and accuracy over rows [0, rows) of `source`, `observer` seeing the outputs (core's `evaluateRows` contract). */
  evaluate(params: FloatArray, source: RowSource, rows: number, observer?: PredictionObserver): Evaluation;
  /** Network outputs of `rows` rows of `x` into `out` (core's `predictRows` contract). */
  predict(params: FloatArray, x: FloatArray, rows: number, out: FloatArray): void;
}

/**
 * A runner for chunks of up to `maxRows` rows on the kernels `kernels` resolves to for this model
 * (see `resolveKernels`): WebAssembly SIMD, or the same with the native CBLAS GEMM, both in place
 * on the runner's own memory; the TypeScript kernels for 'ts', where this Node.js has no SIMD, or
 * where the runner's memory cannot be had. Asking for native where it cannot run is a UsageError.
 */
export function createForwardRunner(
  mlp: Mlp,
  maxRows: number,
  kernels: ForwardKernelChoice = 'auto',
): ForwardRunner {
  const backend = resolveKernels(kernels, mlp.config.sizes);
  const module = backend === 'ts' ? null : (processKernels()?.module ?? null);
  if (backend !== 'ts' && !module) {
    throw new UsageError(
      `kernels ${backend}: this Node.js does not support WebAssembly SIMD; use ts (or auto, which falls back to ts)`,
    );
  }
  if (module) {
    const gemm = backend === 'native' ? (nativeGemm() ?? undefined) : undefined;
    try {
      return new WasmForward(mlp, module, maxRows, gemm);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error; // out of memory: the TypeScript kernels need less
    }
  }
  const ws = createWorkspace(mlp, maxRows);
  return {
    maxRows: ws.maxRows,
    evaluate: (params, source, rows, observer) => evaluateRows(mlp, params, source, rows, ws, observer),
    predict: (params, x, rows, out) => predictRows(mlp, params, x, rows, out, ws),
  };
}
