// The public surface of @shardwise/core: pure typed-array math, no threads, no I/O.

export { blobs } from './datasets/blobs.js';
export { circles } from './datasets/circles.js';
export {
  type Dataset,
  type DatasetGenerator,
  type DatasetOptions,
  splitTrainValidation,
  subsetRows,
  validateDataset,
  validationRowCount,
} from './datasets/dataset.js';
export { moons } from './datasets/moons.js';
export {
  DATASET_NAMES,
  type DatasetName,
  datasetShape,
  generateDataset,
  isDatasetName,
  makeDataset,
} from './datasets/registry.js';
export type { DatasetShape } from './datasets/sliced-generation.js';
export { spirals } from './datasets/spirals.js';
export { stratifiedSplit, stratifiedValidationCounts } from './datasets/stratified-split.js';
export { teacher } from './datasets/teacher.js';
export { xor } from './datasets/xor.js';
export { allocate, bytesPerElement, DTYPES, type DType, dtypeOf, type FloatArray, viewOf } from './dtype.js';
export {
  type ActivationDefinition,
  type ActivationParameters,
  DEFAULT_ACTIVATION_PARAMETERS,
  type WeightInit,
} from './kernels/activation-definition.js';
export {
  ACTIVATION_TABLE,
  ACTIVATIONS,
  type Activation,
  type ActivationName,
  activationBackward,
  activationDefinition,
  activationForward,
} from './kernels/activations.js';
export { addBiasRows, columnSums } from './kernels/bias.js';
export { gemm } from './kernels/gemm.js';
export { type GemmFn, gemmReference } from './kernels/gemm-reference.js';
export { meanSquaredErrorBackward, OUTPUT_ACTIVATIONS, type OutputActivation } from './kernels/mse.js';
export {
  argmax,
  labelWeightSum,
  softmaxCrossEntropyLabels,
  softmaxCrossEntropyLabelsWeighted,
  softmaxCrossEntropyTargets,
  softmaxCrossEntropyTargetsWeighted,
  softmaxRows,
} from './kernels/softmax-cross-entropy.js';
export type { CorrectCount, LossDefinition } from './losses/loss-definition.js';
export { isLoss, LOSS_NAMES, LOSSES, type Loss } from './losses/losses.js';
export {
  type ClassificationReport,
  type ClassReport,
  type ClassScores,
  classificationReport,
} from './metrics/classification-report.js';
export { ConfusionMatrix } from './metrics/confusion-matrix.js';
export type { PredictionObserver } from './metrics/prediction-observer.js';
export {
  RegressionMetrics,
  type RegressionReport,
  type RegressionScores,
} from './metrics/regression-metrics.js';
export { activationParameters, type MlpConfig, validateMlpConfig } from './mlp/config.js';
export { checkDropoutConfig, type DropoutConfig, DropoutStep, dropsAnything } from './mlp/dropout.js';
export { dropoutKeeps, dropoutScale } from './mlp/dropout-mask.js';
export { type Evaluation, evaluateRows, predictRows } from './mlp/evaluate.js';
export { trainingFlopsPerRow } from './mlp/flops.js';
export { forwardBackward } from './mlp/forward-backward.js';
export { initParameters } from './mlp/init.js';
export { type LayerKernels, TS_LAYER_KERNELS, withGemm } from './mlp/layer-kernels.js';
export { createMlp, type Mlp } from './mlp/mlp.js';
export { type LayerLayout, type ParameterLayout, parameterLayout } from './mlp/parameter-layout.js';
export type { RowSource } from './mlp/row-source.js';
export {
  createWorkspace,
  type MlpWorkspace,
  type WorkspaceOptions,
  type WorkspacePlacement,
  workspaceByteLength,
} from './mlp/workspace.js';
export {
  Optimizer,
  type OptimizerBackend,
  TS_OPTIMIZER_BACKEND,
  type UpdateSource,
} from './optimizers/optimizer.js';
export {
  OPTIMIZER_DEFAULTS,
  type OptimizerConfig,
  type ResolvedOptimizerConfig,
} from './optimizers/optimizer-config.js';
export {
  type OptimizerDefinition,
  UPDATE_CONSTANTS,
  type UpdateLoop,
} from './optimizers/optimizer-definition.js';
export { OPTIMIZER_KINDS, type OptimizerKind } from './optimizers/optimizer-kinds.js';
export {
  OPTIMIZERS,
  optimizerDefinition,
  optimizerStateSize,
  resolveOptimizer,
} from './optimizers/optimizer-table.js';
export { Rng } from './rng.js';
export {
  initialLrScheduleState,
  LR_SCHEDULE_NAMES,
  LR_SCHEDULES,
  type LrScheduleConfig,
  type LrScheduleDefinition,
  type LrScheduleName,
  type LrScheduleState,
  lrScheduleDefinition,
  PLATEAU_EPS,
  PLATEAU_THRESHOLD,
  scheduledLr,
  stepLrSchedule,
} from './schedules/lr-schedules.js';
export {
  compileKernelModule,
  type ProcessKernels,
  processKernels,
  type SimdVariant,
} from './wasm/kernel-module.js';
export { WasmArena } from './wasm/wasm-arena.js';
export { WasmForward } from './wasm/wasm-forward.js';
export { WASM_GEMM_SCRATCH_BYTES, WasmGemm } from './wasm/wasm-gemm.js';
export { WasmLayerKernels } from './wasm/wasm-layer-kernels.js';
export { WasmSliceUpdate } from './wasm/wasm-slice-update.js';
export { WebAssembly, type WebAssemblyApi } from './wasm/webassembly-types.js';
