/**
 * The JSON part of a checkpoint's training state (metadata "training"): counters, optimizer
 * config, history and the run's options. Tensors (optimizer state, rng state) live elsewhere.
 */

import { OPTIMIZER_KINDS, type ResolvedOptimizerConfig, resolveOptimizer } from '@shardwise/core';
import { preview } from '../io/value-preview.js';
import type { EpochMetrics } from '../trainer/metrics.js';
import type { ProblemReporter, TrainingState } from './checkpoint-format.js';

export type TrainingJson = Pick<TrainingState, 'epoch' | 'globalStep' | 'optimizer' | 'history' | 'options'>;

const MAX_GLOBAL_STEP = 2 ** 31 - 1;
const OPTIMIZER_NUMBER_KEYS = ['lr', 'momentum', 'weightDecay', 'beta1', 'beta2', 'epsilon'] as const;
const METRIC_REQUIRED_KEYS = ['epoch', 'loss', 'samplesPerSecond', 'seconds'] as const;
const METRIC_OPTIONAL_KEYS = ['accuracy', 'valLoss', 'valAccuracy', 'lr'] as const;

/**
 * Serialises the JSON part, refusing what JSON would silently change (NaN and ±Infinity become
 * null, functions vanish) so a saved checkpoint always loads back identical.
 */
export function trainingToJson(training: TrainingJson, problem: ProblemReporter): string {
  const { epoch, globalStep, optimizer, history, options } = training;
  try {
    return JSON.stringify({ epoch, globalStep, optimizer, history, options }, (key, value) => {
      if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`"${key}" is ${value}`);
      if (typeof value === 'function' || typeof value === 'symbol') {
        throw new Error(`"${key}" is a ${typeof value}`);
      }
      return value;
    });
  } catch (error) {
    throw problem(`training state is not JSON-safe: ${error instanceof Error ? error.message : error}`);
  }
}

/** Parses and validates the JSON part; `problem` builds the error for the first fault. */
export function trainingFromJson(text: string, problem: ProblemReporter): TrainingJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw problem('metadata "training" is not valid JSON');
  }
  const training = requireObject(json, 'training', problem);
  const epoch = requireCount(training, 'epoch', 'training', problem);
  const globalStep = requireCount(training, 'globalStep', 'training', problem);
  // The engine counts updates in an Int32 (Adam's bias correction reads it): leave room for one more.
  if (globalStep >= MAX_GLOBAL_STEP) {
    throw problem(`training.globalStep must be below ${MAX_GLOBAL_STEP}, got ${globalStep}`);
  }
  const optimizer = optimizerFromJson(requireField(training, 'optimizer', 'training', problem), problem);
  const historyJson = requireField(training, 'history', 'training', problem);
  if (!Array.isArray(historyJson)) throw problem('training.history is not an array');
  const history = historyJson.map((entry, k) => metricsFromJson(entry, `training.history[${k}]`, problem));
  const options = requireObject(
    requireField(training, 'options', 'training', problem),
    'training.options',
    problem,
  );
  return { epoch, globalStep, optimizer, history, options };
}

function optimizerFromJson(json: unknown, problem: ProblemReporter): ResolvedOptimizerConfig {
  const where = 'training.optimizer';
  const fields = requireObject(json, where, problem);
  const kind = requireField(fields, 'kind', where, problem);
  if (!OPTIMIZER_KINDS.includes(kind as never)) {
    throw problem(`${where}.kind must be one of ${OPTIMIZER_KINDS.join(', ')}, got ${preview(kind)}`);
  }
  const numbers = Object.fromEntries(
    OPTIMIZER_NUMBER_KEYS.map((key) => [key, requireNumber(fields, key, where, problem)]),
  ) as Record<(typeof OPTIMIZER_NUMBER_KEYS)[number], number>;
  const nesterov = requireField(fields, 'nesterov', where, problem);
  if (typeof nesterov !== 'boolean') throw problem(`${where}.nesterov is not a boolean`);
  try {
    return resolveOptimizer({ kind: kind as ResolvedOptimizerConfig['kind'], nesterov, ...numbers });
  } catch (error) {
    throw problem(`invalid ${where}: ${error instanceof Error ? error.message : error}`);
  }
}

function metricsFromJson(json: unknown, where: string, problem: ProblemReporter): EpochMetrics {
  const fields = requireObject(json, where, problem);
  const metrics: Record<string, number> = {};
  for (const key of METRIC_REQUIRED_KEYS) metrics[key] = requireNumber(fields, key, where, problem);
  for (const key of METRIC_OPTIONAL_KEYS) {
    if (fields[key] !== undefined) metrics[key] = requireNumber(fields, key, where, problem);
  }
  if (!(Number.isSafeInteger(metrics.epoch) && metrics.epoch! >= 1)) {
    throw problem(`${where}.epoch must be a positive integer, got ${metrics.epoch}`);
  }
  return metrics as unknown as EpochMetrics;
}

function requireObject(json: unknown, where: string, problem: ProblemReporter): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw problem(`${where} is not a JSON object`);
  }
  return json as Record<string, unknown>;
}

function requireField(
  fields: Record<string, unknown>,
  key: string,
  where: string,
  problem: ProblemReporter,
): unknown {
  if (!Object.hasOwn(fields, key)) throw problem(`${where}.${key} is missing`);
  return fields[key];
}

function requireNumber(
  fields: Record<string, unknown>,
  key: string,
  where: string,
  problem: ProblemReporter,
): number {
  const value = requireField(fields, key, where, problem);
  if (typeof value !== 'number') throw problem(`${where}.${key} is not a number`);
  return value;
}

function requireCount(
  fields: Record<string, unknown>,
  key: string,
  where: string,
  problem: ProblemReporter,
): number {
  const value = requireNumber(fields, key, where, problem);
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw problem(`${where}.${key} must be a non-negative integer, got ${value}`);
  }
  return value;
}
