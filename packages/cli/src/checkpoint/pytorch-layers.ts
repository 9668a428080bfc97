/**
 * Converts between core's flat parameters (per layer W [in][out] row-major, then b [out]) and
 * PyTorch `nn.Linear` tensors: `layers.{i}.weight` [out, in] (W transposed) and `layers.{i}.bias`.
 */

import { allocate, type FloatArray, type MlpConfig, parameterLayout } from '@shardwise/core';
import type { SafetensorsTensor } from '../io/safetensors.js';

import {
  biasTensorName,
  type ProblemReporter,
  tensorDTypeOf,
  weightTensorName,
} from './checkpoint-format.js';
import { firstNonFinite } from './finite-values.js';

/** The layer tensors of `parameters`, each a fresh array in the model's dtype. */
export function layersToTensors(
  config: MlpConfig,
  parameters: FloatArray,
): Record<string, SafetensorsTensor> {
  const dtype = tensorDTypeOf(config.dtype);
  const tensors: Record<string, SafetensorsTensor> = {};
  parameterLayout(config.sizes).layers.forEach(({ inputs, outputs, weightOffset, biasOffset }, l) => {
    const weight = allocate(config.dtype, inputs * outputs);
    for (let i = 0; i < inputs; i++) {
      for (let o = 0; o < outputs; o++) weight[o * inputs + i] = parameters[weightOffset + i * outputs + o]!;
    }
    const bias = parameters.slice(biasOffset, biasOffset + outputs);
    tensors[weightTensorName(l)] = { dtype, shape: [outputs, inputs], data: weight };
    tensors[biasTensorName(l)] = { dtype, shape: [outputs], data: bias };
  });
  return tensors;
}

/**
 * The flat parameters from the layer tensors, after checking each one's presence, dtype, shape
 * and values. Shapes are checked before the parameters are allocated, so metadata claiming huge
 * layers cannot drive a huge allocation.
 */
export function tensorsToParameters(
  config: MlpConfig,
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  problem: ProblemReporter,
): FloatArray {
  const layout = parameterLayout(config.sizes);
  const found = layout.layers.map(({ inputs, outputs }, l) => ({
    weight: requireTensor(tensors, weightTensorName(l), [outputs, inputs], config, problem),
    bias: requireTensor(tensors, biasTensorName(l), [outputs], config, problem),
  }));
  const parameters = allocate(config.dtype, layout.count);
  layout.layers.forEach(({ inputs, outputs, weightOffset, biasOffset }, l) => {
    const { weight, bias } = found[l]!;
    for (let o = 0; o < outputs; o++) {
      for (let i = 0; i < inputs; i++) parameters[weightOffset + i * outputs + o] = weight[o * inputs + i]!;
    }
    parameters.set(bias, biasOffset);
  });
  return parameters;
}

/** Names of the layer tensors a network of these sizes has. */
export function layerTensorNames(sizes: readonly number[]): string[] {
  return parameterLayout(sizes).layers.flatMap((_, l) => [weightTensorName(l), biasTensorName(l)]);
}

function requireTensor(
  tensors: ReadonlyMap<string, SafetensorsTensor>,
  name: string,
  shape: readonly number[],
  config: MlpConfig,
  problem: ProblemReporter,
): FloatArray {
  const tensor = tensors.get(name);
  if (tensor === undefined)
    throw problem(`tensor "${name}" is missing (sizes ${JSON.stringify(config.sizes)})`);
  const dtype = tensorDTypeOf(config.dtype);
  if (tensor.dtype !== dtype) {
    throw problem(`tensor "${name}" is ${tensor.dtype}, but the checkpoint's dtype is ${config.dtype}`);
  }
  if (tensor.shape.length !== shape.length || tensor.shape.some((d, k) => d !== shape[k])) {
    throw problem(
      `tensor "${name}" has shape [${tensor.shape.join(', ')}], expected [${shape.join(', ')}] for sizes ${JSON.stringify(config.sizes)}`,
    );
  }
  const data = tensor.data as FloatArray;
  const bad = firstNonFinite(data);
  if (bad >= 0) throw problem(`tensor "${name}" holds a non-finite value (${data[bad]}) at index ${bad}`);
  return data;
}
