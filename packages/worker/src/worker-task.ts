import type { MlpConfig, OptimizerConfig } from '@shardwise/core';
import type { SharedShape } from './shared-layout.js';

/** What a worker thread gets once, when its long-lived task starts: nothing is sent per step. */
export interface WorkerTask {
  readonly buffer: SharedArrayBuffer;
  readonly shape: SharedShape;
  readonly mlp: MlpConfig;
  readonly optimizer: OptimizerConfig;
  readonly batchSize: number;
  /** This worker's shard and slice index. */
  readonly index: number;
  /** The run generation already consumed: the worker starts on the next one. */
  readonly runGeneration: number;
}
