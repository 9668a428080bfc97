/**
 * How much memory a training run will take, estimated from its sizes before anything is
 * allocated, so that a run too large for the machine fails in a moment with one line naming the
 * option that makes it large, instead of growing until the system kills it. The shared buffer is
 * planned with the engine's own layout function, so the estimate follows the engine's real sizes
 * (memory-estimate.test.ts compares the two).
 */

import {
  bytesPerElement,
  createMlp,
  type DType,
  type MlpConfig,
  type OptimizerKind,
  optimizerStateSize,
  WASM_GEMM_SCRATCH_BYTES,
  workspaceByteLength,
} from '@shardwise/core';
import { type KernelBackend, planSharedLayout } from '@shardwise/worker';

/** The sizes that fix a run's memory. */
export interface RunSizes {
  /** Rows of the whole dataset (before the validation split). */
  readonly rows: number;
  /** Rows held out for validation (0 without a split). */
  readonly validationRows: number;
  /** Input values per row. */
  readonly features: number;
  /** Output width: classes, or target values per row. */
  readonly outputs: number;
  /** Whether the rows carry integer labels (else target rows). */
  readonly hasLabels: boolean;
  /** The network. */
  readonly config: MlpConfig;
  /** The optimizer kind (its state is 0, 1 or 2 copies of the parameters). */
  readonly optimizer: OptimizerKind;
  /** Worker threads. */
  readonly workers: number;
  /** The kernels the workers run. */
  readonly kernels: KernelBackend;
  /** Rows per step. */
  readonly batchSize: number;
  /** Drop probability per hidden layer (each that drops adds two buffers to a workspace); default none. */
  readonly dropout?: readonly number[];
  /** Logical shards of a batch, one gradient slot each (default `workers`). */
  readonly shards?: number;
}

/** The estimate, in bytes, split by what drives each part. */
export interface MemoryEstimate {
  /** The rows in the main thread (a second copy while a validation split is made). */
  readonly data: number;
  /** Parameters, gradient and optimizer state: double-buffered in shared memory, copies to save. */
  readonly model: number;
  /** Per worker: its workspace and the thread itself; per shard: its gradient slot. */
  readonly workers: number;
  /** The shared buffer the engine allocates (within the parts above; WebAssembly pages rounded). */
  readonly shared: number;
  /** The sum of the parts. */
  readonly total: number;
  /** Elements of the largest single typed array the run needs (V8 allows at most 2^32). */
  readonly largestArray: number;
}

/** Resident memory of one worker thread before it allocates anything: its V8 isolate and Node.js. */
// Measured: Trainer.create with 1, 16 and 64 workers on a 2-8-2 model grows the RSS by 13, 172 and
// 624 MiB (ts kernels), 15, 173 and 642 MiB (wasm) — about 10 MiB per thread.
export const THREAD_BYTES = 10 * 2 ** 20;

/** 64 KiB: the WebAssembly page the shared memory is rounded up to. */
const WASM_PAGE_BYTES = 65536;

/** The engine's shared-memory shape for `sizes`, as DataParallelEngine computes it. */
function sharedBytes(sizes: RunSizes, paramCount: number, stateSize: number, workspace: number): number {
  const { workers, batchSize } = sizes;
  const shards = sizes.shards ?? workers;
  const wasm = sizes.kernels !== 'ts'; // native runs keep the WebAssembly layout
  const trainRows = sizes.rows - sizes.validationRows;
  const layout = planSharedLayout({
    dtype: sizes.config.dtype,
    workers,
    shards,
    paramCount,
    stateSize,
    rows: trainRows,
    features: sizes.features,
    outputs: sizes.outputs,
    hasLabels: sizes.hasLabels,
    hasTargets: !sizes.hasLabels,
    maxSteps: Math.max(1, Math.ceil(trainRows / batchSize)),
    workspaceBytes: wasm ? workspace : 0,
    scratchBytes: wasm ? WASM_GEMM_SCRATCH_BYTES + Math.ceil((8 * shards) / 16) * 16 : 0,
  });
  return wasm ? Math.ceil(layout.byteLength / WASM_PAGE_BYTES) * WASM_PAGE_BYTES : layout.byteLength;
}

/** Bytes of the rows `rows` × (features + targets or a label) in `dtype`. */
function rowBytes(sizes: RunSizes, rows: number, dtype: DType): number {
  const float = bytesPerElement(dtype);
  return rows * (sizes.features * float + (sizes.hasLabels ? 4 : sizes.outputs * float));
}

/** Estimates the memory of a run of `sizes`: computed from sizes only, nothing is allocated. */
export function estimateRunMemory(sizes: RunSizes): MemoryEstimate {
  const { config, workers, rows } = sizes;
  const float = bytesPerElement(config.dtype);
  const mlp = createMlp(config);
  const p = mlp.layout.count;
  const s = optimizerStateSize(sizes.optimizer, p);
  const shards = sizes.shards ?? workers;
  const shardRows = Math.ceil(sizes.batchSize / shards);
  const workspace = workspaceByteLength(mlp, shardRows, sizes.dropout);
  const shared = sharedBytes(sizes, p, s, workspace);
  const trainRows = rows - sizes.validationRows;

  // The data: the loaded rows, plus the train and validation copies while a split is made; the
  // shared buffer holds the training rows once more, with their order.
  const loaded = rowBytes(sizes, rows, config.dtype);
  const data =
    (sizes.validationRows > 0 ? 2 * loaded : loaded) +
    rowBytes(sizes, trainRows, config.dtype) +
    4 * trainRows;
  // Per worker: its workspace (in the shared buffer with wasm, private with ts) and the thread;
  // per shard: a gradient slot in the shared buffer.
  const perWorker = workspace + THREAD_BYTES;
  const slots = shards * p * float;
  // The model: committed and next parameters and state, the reduced gradient (shared), and in the
  // main thread the initial parameters and the copies a save encodes (parameters and state).
  const model =
    (3 * p + 2 * s) * float + (2 * p + s) * float + validationWorkspace(mlp, sizes.validationRows);
  const counted = data + model + workers * perWorker + slots;
  // Whatever the shared buffer holds beyond the parts (stats, scratch, alignment, page rounding).
  const rest = Math.max(
    0,
    shared -
      (3 * p + 2 * s + shards * p) * float -
      rowBytes(sizes, trainRows, config.dtype) -
      4 * trainRows -
      (sizes.kernels !== 'ts' ? workers * workspace : 0),
  );
  return {
    data,
    model,
    workers: workers * perWorker + slots + rest,
    shared,
    total: counted + rest,
    largestArray: Math.max(rows * sizes.features, rows * sizes.outputs, p),
  };
}

/** The validation pass's forward workspace (up to 1024 rows at a time). */
function validationWorkspace(mlp: ReturnType<typeof createMlp>, validationRows: number): number {
  return validationRows > 0 ? workspaceByteLength(mlp, Math.min(1024, validationRows)) : 0;
}
