/**
 * A run's training state in a checkpoint: the tensors `optimizer.state` and `trainer.rng_state`,
 * plus the JSON metadata "training" (see training-json.ts).
 */

import {
  allocate,
  dtypeOf,
  type FloatArray,
  type MlpConfig,
  optimizerStateSize,
  parameterLayout,
} from '@shardwise/core';
import type { SafetensorsTensor } from '../io/safetensors.js';
import { bestParametersFromTensor, bestParametersToTensor } from './best-parameters-tensor.js';
import {
  BEST_PARAMETERS_TENSOR,
  META,
  OPTIMIZER_STATE_TENSOR,
  type ProblemReporter,
  RNG_STATE_TENSOR,
  RNG_STATE_WORDS,
  type TrainingState,
  tensorDTypeOf,
} from './checkpoint-format.js';
import { firstNonFinite } from './finite-values.js';
import { trainingFromJson, trainingToJson } from './training-json.js';

export interface TrainingEntries {
  readonly tensors: Record<string, SafetensorsTensor>;
  readonly metadata: Record<string, string>;
}

/** Checks the state against the model and lays it out as tensors and metadata. */
export function trainingToEntries(
  config: MlpConfig,
  training: TrainingState,
  problem: ProblemReporter,
): TrainingEntries {
  const { optimizerState, rngState } = training;
  const expected = expectedStateSize(config, training.optimizer.kind, problem);
  if (!(optimizerState instanceof Float32Array || optimizerState instanceof Float64Array)) {
    throw problem('optimizer state is not a Float32Array or Float64Array');
  }
  if (dtypeOf(optimizerState) !== config.dtype) {
    throw problem(`optimizer state is ${dtypeOf(optimizerState)}, but the model is ${config.dtype}`);
  }
  checkOptimizerState(optimizerState, expected, training.optimizer.kind, problem);
  const rng = new Uint32Array(RNG_STATE_WORDS);
  checkRngWords(rngState, problem);
  rng.set(rngState);

  const tensors: Record<string, SafetensorsTensor> = {
    [RNG_STATE_TENSOR]: { dtype: 'U32', shape: [RNG_STATE_WORDS], data: rng },
    ...bestParametersToTensor(config, training.bestParameters, problem),
  };
  if (expected > 0) {
    tensors[OPTIMIZER_STATE_TENSOR] = {
      dtype: tensorDTypeOf(config.dtype),
      shape: [expected],
      // A snapshot: the caller may keep training while the write is under way.
      data: optimizerState.slice(),
    };
  }
  const json = trainingToJson(training, problem);
  // Validated as a load would, so that whatever saves also loads (epoch counts, optimizer, history).
  trainingFromJson(json, problem);
  return { tensors, metadata: { [META.training]: json } };
}

/** Reads and validates the training state (the caller has already rejected unknown tensors). */
export function trainingFromEntries(
  config: MlpConfig,
  trainingJson: string,
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  problem: ProblemReporter,
): TrainingState {
  const json = trainingFromJson(trainingJson, problem);
  const expected = expectedStateSize(config, json.optimizer.kind, problem);
  const optimizerState = readOptimizerState(config, tensors.get(OPTIMIZER_STATE_TENSOR), expected, problem);
  checkOptimizerState(optimizerState, expected, json.optimizer.kind, problem);
  const rngState = readRngState(tensors.get(RNG_STATE_TENSOR), problem);
  const bestParameters = bestParametersFromTensor(config, tensors.get(BEST_PARAMETERS_TENSOR), problem);
  return { ...json, optimizerState, rngState, ...(bestParameters && { bestParameters }) };
}

function expectedStateSize(
  config: MlpConfig,
  kind: TrainingState['optimizer']['kind'],
  problem: ProblemReporter,
) {
  try {
    return optimizerStateSize(kind, parameterLayout(config.sizes).count);
  } catch (error) {
    throw problem(error instanceof Error ? error.message : String(error));
  }
}

function readOptimizerState(
  config: MlpConfig,
  tensor: SafetensorsTensor | undefined,
  expected: number,
  problem: ProblemReporter,
): FloatArray {
  // Absent means empty: sgd keeps no state, so the tensor is left out.
  if (tensor === undefined) return allocate(config.dtype, 0);
  const dtype = tensorDTypeOf(config.dtype);
  if (tensor.dtype !== dtype) {
    throw problem(
      `tensor "${OPTIMIZER_STATE_TENSOR}" is ${tensor.dtype}, but the checkpoint's dtype is ${config.dtype}`,
    );
  }
  if (tensor.shape.length !== 1) {
    throw problem(
      `tensor "${OPTIMIZER_STATE_TENSOR}" has shape [${tensor.shape.join(', ')}], expected [${expected}]`,
    );
  }
  return tensor.data as FloatArray;
}

function checkOptimizerState(
  state: FloatArray,
  expected: number,
  kind: string,
  problem: ProblemReporter,
): void {
  if (state.length !== expected) {
    throw problem(`optimizer state has ${state.length} values, but ${kind} needs ${expected} for this model`);
  }
  const bad = firstNonFinite(state);
  if (bad >= 0) throw problem(`optimizer state holds a non-finite value (${state[bad]}) at index ${bad}`);
}

function readRngState(tensor: SafetensorsTensor | undefined, problem: ProblemReporter): number[] {
  if (tensor === undefined) throw problem(`tensor "${RNG_STATE_TENSOR}" is missing`);
  if (tensor.dtype !== 'U32') throw problem(`tensor "${RNG_STATE_TENSOR}" is ${tensor.dtype}, expected U32`);
  const words = Array.from(tensor.data);
  checkRngWords(words, problem);
  if (tensor.shape.length !== 1) {
    throw problem(
      `tensor "${RNG_STATE_TENSOR}" has shape [${tensor.shape.join(', ')}], expected [${RNG_STATE_WORDS}]`,
    );
  }
  return words;
}

function checkRngWords(words: readonly number[], problem: ProblemReporter): void {
  if (!Array.isArray(words) || words.length !== RNG_STATE_WORDS) {
    throw problem(
      `rng state must be ${RNG_STATE_WORDS} uint32 words, got ${Array.isArray(words) ? words.length : typeof words}`,
    );
  }
  if (!words.every((word) => Number.isInteger(word) && word >= 0 && word < 2 ** 32)) {
    throw problem('rng state words must be integers in [0, 2^32)');
  }
  if (words.every((word) => word === 0)) {
    throw problem('rng state is all zero (the generator would output zeros forever)');
  }
}
