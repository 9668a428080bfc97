import { bytesPerElement, type FloatArray } from '../dtype.js';
import type { GemmFn } from '../kernels/gemm-reference.js';
import { LOSSES } from '../losses/losses.js';
import type { PredictionObserver } from '../metrics/prediction-observer.js';
import { type Evaluation, evaluateRows, predictRows } from '../mlp/evaluate.js';
import type { Mlp } from '../mlp/mlp.js';
import type { RowSource } from '../mlp/row-source.js';
import { type MlpWorkspace, workspaceByteLength } from '../mlp/workspace.js';
import { WasmArena } from './wasm-arena.js';
import { WASM_GEMM_SCRATCH_BYTES } from './wasm-gemm.js';
import type { WebAssembly } from './webassembly-types.js';

/**
 * Evaluation and prediction on the WebAssembly kernels, on the calling thread: the parameters and
 * each chunk of up to `maxRows` rows are copied into a private shared memory, where every kernel
 * runs in place (a copy costs a few cycles per value; the forward pass 2·inputs flops per value
 * and more). Results agree with `evaluateRows` / `predictRows` on the TypeScript kernels to float
 * tolerance. Holds one chunk's memory, not the data's.
 */
export class WasmForward {
  private readonly params: FloatArray;
  private readonly chunk: { x: FloatArray; labels: Int32Array; targets: FloatArray; out: FloatArray };
  private readonly ws: MlpWorkspace;
  /** Rows per chunk. */
  readonly maxRows: number;

  /**
   * A forward runner for `mlp`, with memory for chunks of `maxRows` rows (at least 1); `gemm`, when
   * given, replaces the WebAssembly matrix product (the native CBLAS one, on the same memory).
   */
  constructor(
    private readonly mlp: Mlp,
    module: WebAssembly.Module,
    maxRows: number,
    gemm?: GemmFn,
  ) {
    const { dtype } = mlp.config;
    const rows = Math.max(1, maxRows);
    this.maxRows = rows;
    const elem = bytesPerElement(dtype);
    const bytes =
      mlp.layout.count * elem +
      rows * (mlp.inputs + 2 * mlp.outputs) * elem +
      rows * 4 +
      workspaceByteLength(mlp, rows) +
      WASM_GEMM_SCRATCH_BYTES +
      16 * 6;
    const arena = new WasmArena(module, bytes / 2 ** 20);
    this.params = arena.floats(dtype, mlp.layout.count);
    this.chunk = {
      x: arena.floats(dtype, rows * mlp.inputs),
      labels: arena.int32(new Int32Array(rows)),
      targets: arena.floats(dtype, rows * mlp.outputs),
      out: arena.floats(dtype, rows * mlp.outputs),
    };
    this.ws = arena.workspace(mlp, rows, [], gemm);
  }

  /** Same contract as core's `evaluateRows` over rows [0, rows) of `source` (with its `observer`). */
  evaluate(params: FloatArray, source: RowSource, rows: number, observer?: PredictionObserver): Evaluation {
    this.params.set(params);
    const { inputs, outputs } = this.mlp;
    let lossSum = 0;
    let weightSum = 0;
    let correct = 0;
    for (let from = 0; from < rows; from += this.ws.maxRows) {
      const n = Math.min(rows, from + this.ws.maxRows) - from;
      this.chunk.x.set(source.x.subarray(from * inputs, (from + n) * inputs));
      if (source.labels) this.chunk.labels.set(source.labels.subarray(from, from + n));
      if (source.targets)
        this.chunk.targets.set(source.targets.subarray(from * outputs, (from + n) * outputs));
      const part = evaluateRows(this.mlp, this.params, this.chunkSource(source), n, this.ws, observer);
      // n ≤ maxRows: evaluateRows ran one chunk, whose counts these are
      lossSum += part.loss * this.ws.weightSum;
      weightSum += this.ws.weightSum;
      correct += this.ws.correct;
    }
    const n = Math.max(rows, 1);
    return {
      loss: weightSum > 0 ? lossSum / weightSum : 0,
      accuracy: LOSSES[this.mlp.config.loss].classification ? correct / n : null,
    };
  }

  /** Same contract as core's `predictRows`: rows × outputs of `x` into `out`. */
  predict(params: FloatArray, x: FloatArray, rows: number, out: FloatArray): void {
    this.params.set(params);
    const { inputs, outputs } = this.mlp;
    for (let from = 0; from < rows; from += this.ws.maxRows) {
      const n = Math.min(rows, from + this.ws.maxRows) - from;
      this.chunk.x.set(x.subarray(from * inputs, (from + n) * inputs));
      predictRows(this.mlp, this.params, this.chunk.x, n, this.chunk.out, this.ws);
      out.set(this.chunk.out.subarray(0, n * outputs), from * outputs);
    }
  }

  private chunkSource(source: RowSource): RowSource {
    return {
      ...source,
      x: this.chunk.x,
      labels: source.labels && this.chunk.labels,
      targets: source.targets && this.chunk.targets,
    };
  }
}
