/**
 * A model's input standardisation in its checkpoint: tensors `standardize.mean` and
 * `standardize.scale` ([inputs], the model's dtype) that PyTorch's loaders see as two extra
 * entries beside the `nn.Linear` layers, plus metadata `standardize` (JSON: the training rows they
 * came from and the formula), present exactly when the tensors are.
 */

import type { FloatArray, MlpConfig } from '@shardwise/core';
import type { SafetensorsTensor } from '../io/safetensors.js';
import type { Standardization } from '../model/standardization.js';
import { type ProblemReporter, tensorDTypeOf } from './checkpoint-format.js';
import { clip } from './config-metadata.js';

/** Tensor of the per-feature means. */
export const STANDARDIZE_MEAN_TENSOR = 'standardize.mean';
/** Tensor of the per-feature scales (standard deviations; 1 for constant features). */
export const STANDARDIZE_SCALE_TENSOR = 'standardize.scale';
/** Metadata key describing the two tensors. */
export const STANDARDIZE_META = 'standardize';
/** What a model does with the tensors, as written in the metadata. */
const FORMULA = '(x - mean) / scale';

/** The tensors and metadata entry of `s` (fresh copies), or nothing for a model without one. */
export function standardizationToEntries(
  config: MlpConfig,
  s: Standardization | null | undefined,
  problem: ProblemReporter,
): { tensors: Record<string, SafetensorsTensor>; metadata: Record<string, string> } {
  if (s === null || s === undefined) return { tensors: {}, metadata: {} };
  checkStatistics(config, s.mean, s.scale, problem);
  if (!(Number.isSafeInteger(s.rows) && s.rows >= 1))
    throw problem(`standardization rows ${s.rows} is not a count`);
  const dtype = tensorDTypeOf(config.dtype);
  const shape = [config.sizes[0]!];
  return {
    tensors: {
      [STANDARDIZE_MEAN_TENSOR]: { dtype, shape, data: s.mean.slice() },
      [STANDARDIZE_SCALE_TENSOR]: { dtype, shape: [...shape], data: s.scale.slice() },
    },
    metadata: { [STANDARDIZE_META]: JSON.stringify({ rows: s.rows, formula: FORMULA }) },
  };
}

/** The names of the standardization tensors when the metadata says the file has them. */
export function standardizationTensorNames(metadata: Record<string, string>): string[] {
  return metadata[STANDARDIZE_META] === undefined ? [] : [STANDARDIZE_MEAN_TENSOR, STANDARDIZE_SCALE_TENSOR];
}

/**
 * Reads the standardization (null when the file has none), checking the metadata, each tensor's
 * dtype and shape, and every value: means finite, scales finite and > 0.
 */
export function standardizationFromEntries(
  config: MlpConfig,
  metadata: Record<string, string>,
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  problem: ProblemReporter,
): Standardization | null {
  const text = metadata[STANDARDIZE_META];
  const hasTensor = tensors.has(STANDARDIZE_MEAN_TENSOR) || tensors.has(STANDARDIZE_SCALE_TENSOR);
  if (text === undefined) {
    if (hasTensor) throw problem(`standardize tensors without "${STANDARDIZE_META}" metadata`);
    return null;
  }
  const rows = rowsOf(text, problem);
  const mean = requireVector(tensors, STANDARDIZE_MEAN_TENSOR, config, problem);
  const scale = requireVector(tensors, STANDARDIZE_SCALE_TENSOR, config, problem);
  checkStatistics(config, mean, scale, problem);
  return { mean, scale, rows };
}

function rowsOf(text: string, problem: ProblemReporter): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const rows = fields.rows;
  if (fields.formula !== FORMULA || !(typeof rows === 'number' && Number.isSafeInteger(rows) && rows >= 1)) {
    throw problem(
      `metadata "${STANDARDIZE_META}" is not {"rows": count, "formula": "${FORMULA}"}: ${clip(text)}`,
    );
  }
  return rows;
}

function requireVector(
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  name: string,
  config: MlpConfig,
  problem: ProblemReporter,
): FloatArray {
  const tensor = tensors.get(name);
  const inputs = config.sizes[0]!;
  if (tensor === undefined)
    throw problem(`tensor "${name}" is missing (metadata "${STANDARDIZE_META}" is set)`);
  if (tensor.dtype !== tensorDTypeOf(config.dtype)) {
    throw problem(`tensor "${name}" is ${tensor.dtype}, but the checkpoint's dtype is ${config.dtype}`);
  }
  if (tensor.shape.length !== 1 || tensor.shape[0] !== inputs) {
    throw problem(
      `tensor "${name}" has shape [${tensor.shape.join(', ')}], expected [${inputs}] (the model's inputs)`,
    );
  }
  return tensor.data as FloatArray;
}

/** One value per input; means finite; scales finite and > 0 (a scale of 0 would divide by zero). */
function checkStatistics(
  config: MlpConfig,
  mean: FloatArray,
  scale: FloatArray,
  problem: ProblemReporter,
): void {
  const inputs = config.sizes[0]!;
  if (mean.length !== inputs || scale.length !== inputs) {
    throw problem(`standardization has ${mean.length} means and ${scale.length} scales for ${inputs} inputs`);
  }
  for (let j = 0; j < inputs; j++) {
    if (!Number.isFinite(mean[j]))
      throw problem(`tensor "${STANDARDIZE_MEAN_TENSOR}" holds ${mean[j]} at index ${j}`);
    const value = scale[j]!;
    if (!(Number.isFinite(value) && value > 0)) {
      throw problem(
        `tensor "${STANDARDIZE_SCALE_TENSOR}" holds ${value} at index ${j}; scales must be finite and > 0`,
      );
    }
  }
}
