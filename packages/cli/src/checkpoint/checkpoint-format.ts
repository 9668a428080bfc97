/**
 * What a shardwise checkpoint holds, and the names it uses inside its safetensors file.
 * The weights follow PyTorch's `nn.Linear` layout so the file loads into PyTorch as it is;
 * everything needed to resume a run lives under names PyTorch ignores.
 */

import type { FloatArray, MlpConfig, ResolvedOptimizerConfig } from '@shardwise/core';
import type { CheckpointError } from '../errors.js';
import type { ColumnMapping } from '../io/column-selection.js';
import type { Standardization } from '../model/standardization.js';
import type { EpochMetrics } from '../trainer/metrics.js';

/** Everything besides the weights that a run needs to continue exactly where it stopped. */
export interface TrainingState {
  /** Epochs completed. */
  readonly epoch: number;
  /** Optimizer updates so far. */
  readonly globalStep: number;
  readonly optimizer: ResolvedOptimizerConfig;
  /** Flat, in core's layout (momentum: P values; adam: m then v, 2P); empty for sgd. */
  readonly optimizerState: FloatArray;
  /** `Rng.getState()`: 4 uint32 words, not all zero. */
  readonly rngState: readonly number[];
  readonly history: readonly EpochMetrics[];
  /** The run's resolved options that matter for resuming; must be JSON-safe. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The best epoch's parameters kept by restoreBest, while they differ from the weights; else absent or null. */
  readonly bestParameters?: FloatArray | null;
}

export interface Checkpoint {
  readonly config: MlpConfig;
  /** Flat parameters in core's layout (per layer W [in][out] row-major, then b [out]). */
  readonly parameters: FloatArray;
  /** null for weights-only checkpoints (e.g. `Model.save`). */
  readonly training: TrainingState | null;
  /** The inputs' standardization (`standardize.*` tensors); absent or null when the model has none. */
  readonly standardization?: Standardization | null;
  /** The class names of a model trained on named labels (index i for output i); null or absent otherwise. */
  readonly classNames?: readonly string[] | null;
  /** The CSV columns the model was trained on, by name; null or absent for the x0…/label/y0… convention. */
  readonly columns?: ColumnMapping | null;
}

export const FORMAT_NAME = 'shardwise-mlp';
export const FORMAT_VERSION = '1';

/** Metadata keys (all values are strings). */
export const META = {
  format: 'format',
  version: 'format_version',
  sizes: 'sizes',
  activation: 'activation',
  /** leaky_relu's slope (`torch.nn.LeakyReLU(negative_slope)`); present exactly for leaky_relu. */
  negativeSlope: 'negative_slope',
  loss: 'loss',
  outActivation: 'out_activation',
  dtype: 'dtype',
  /** The loss's class weights (PyTorch's `CrossEntropyLoss(weight=…)`), a JSON array; absent when unweighted. */
  classWeights: 'class_weights',
  training: 'training',
  /** JSON `{features, label, targets}`: the CSV columns the model reads, by name (when chosen by name). */
  columns: 'columns',
  /** JSON list of class names, index i for output i (when the labels were names). */
  classNames: 'class_names',
} as const;

export const OPTIMIZER_STATE_TENSOR = 'optimizer.state';
export const RNG_STATE_TENSOR = 'trainer.rng_state';
export const RNG_STATE_WORDS = 4;
/** The best epoch's flat parameters (restoreBest), in the model's layout and dtype. */
export const BEST_PARAMETERS_TENSOR = 'trainer.best_parameters';

export function weightTensorName(layer: number): string {
  return `layers.${layer}.weight`;
}

export function biasTensorName(layer: number): string {
  return `layers.${layer}.bias`;
}

/** The safetensors dtype that stores a model dtype. */
export function tensorDTypeOf(dtype: MlpConfig['dtype']): 'F32' | 'F64' {
  return dtype === 'f32' ? 'F32' : 'F64';
}

/** Builds the CheckpointError for one problem; each stage of saving and loading gets one. */
export type ProblemReporter = (detail: string) => CheckpointError;
