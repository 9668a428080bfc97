import type { DropoutConfig, MlpConfig, OptimizerConfig, WebAssembly } from '@shardwise/core';
import type { SharedShape } from './shared-layout.js';

/** What a worker thread gets once, when its long-lived task starts: nothing is sent per step. */
export interface WorkerTask {
  readonly buffer: SharedArrayBuffer;
  readonly shape: SharedShape;
  readonly mlp: MlpConfig;
  readonly optimizer: OptimizerConfig;
  readonly batchSize: number;
  /** Dropout of the training steps (some rate > 0), or null for none. */
  readonly dropout: DropoutConfig | null;
  /** This worker's index: its slice of the reduction and update, its workspace and timers. */
  readonly index: number;
  /** The shards [from, to) whose gradients this worker computes (empty for an idle worker). */
  readonly shardRange: readonly [number, number];
  /** The run generation already consumed: the worker starts on the next one. */
  readonly runGeneration: number;
  /**
   * With WebAssembly kernels: the shared memory whose buffer is `buffer`, and the compiled
   * kernels. Views must be made from `memory.buffer` (the same bytes as `buffer`, but the object
   * the kernels recognise as their own memory).
   */
  readonly wasm: { readonly memory: WebAssembly.Memory; readonly module: WebAssembly.Module } | null;
  /**
   * The step's shards cross processes (GradientExchange.crossesProcesses): the last worker through
   * the compute barrier hands its release to the engine's thread, which exchanges them first.
   */
  readonly exchangeAcrossProcesses: boolean;
  /** With `wasm`: run the GEMMs on the native CBLAS addon instead (kernels 'native'). */
  readonly nativeGemm: boolean;
}
