// The public surface of @shardwise/worker: the data-parallel engine and its building blocks.

export type { NativeBlasInfo } from '@shardwise/blas';
export { chooseWorkerCount, predictedStepSeconds } from './choose-workers.js';
export {
  DataParallelEngine,
  type EngineOptions,
  type KernelBackend,
  nativeGemm,
  nativeKernelsInfo,
  nativeKernelsUnavailable,
  wasmKernelsAvailable,
  wasmKernelVariant,
} from './engine.js';
export { type GradientExchange, IN_PROCESS_EXCHANGE } from './gradient-exchange.js';
export { MpiAllreduceExchange } from './mpi-allreduce-exchange.js';
export { MpiGradientExchange } from './mpi-gradient-exchange.js';
export { reduceSlice } from './reduce-slice.js';
export { planShards, shardRows, shardStart, sliceStart } from './shard-planner.js';
export {
  mapSharedViews,
  planSharedLayout,
  type Region,
  type RegionKind,
  type RegionName,
  type SharedLayout,
  type SharedShape,
  type SharedViews,
} from './shared-layout.js';
export { defaultStepTimeout, STEP_TIMEOUT_FLOOR_SECONDS, stepFlops } from './step-timeout.js';
export { WorkerFailureError } from './worker-failure-error.js';
export { type WorkerResourceLimits, WorkerThreads } from './worker-threads.js';
