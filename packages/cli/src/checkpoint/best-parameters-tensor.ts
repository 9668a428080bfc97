// The best epoch's parameters (restoreBest) as an extra tensor of a checkpoint, checked like the weights.

import type { FloatArray, MlpConfig } from '@shardwise/core';
import { dtypeOf, parameterLayout } from '@shardwise/core';
import type { SafetensorsTensor } from '../io/safetensors.js';
import { BEST_PARAMETERS_TENSOR, type ProblemReporter, tensorDTypeOf } from './checkpoint-format.js';
import { firstNonFinite } from './finite-values.js';

/** The tensor entry for `parameters` (a snapshot), or none when there are none to keep. */
export function bestParametersToTensor(
  config: MlpConfig,
  parameters: FloatArray | null | undefined,
  problem: ProblemReporter,
): Record<string, SafetensorsTensor> {
  if (parameters === null || parameters === undefined) return {};
  check(config, parameters, problem);
  return {
    [BEST_PARAMETERS_TENSOR]: {
      dtype: tensorDTypeOf(config.dtype),
      shape: [parameters.length],
      data: parameters.slice(),
    },
  };
}

/** The kept best parameters, or null when the checkpoint has none. */
export function bestParametersFromTensor(
  config: MlpConfig,
  tensor: SafetensorsTensor | undefined,
  problem: ProblemReporter,
): FloatArray | null {
  if (tensor === undefined) return null;
  if (tensor.dtype !== tensorDTypeOf(config.dtype) || tensor.shape.length !== 1)
    throw problem(`tensor "${BEST_PARAMETERS_TENSOR}" must be a flat ${tensorDTypeOf(config.dtype)} tensor`);
  const parameters = tensor.data as FloatArray;
  check(config, parameters, problem);
  return parameters;
}

function check(config: MlpConfig, parameters: FloatArray, problem: ProblemReporter): void {
  const count = parameterLayout(config.sizes).count;
  if (dtypeOf(parameters) !== config.dtype || parameters.length !== count)
    throw problem(`the best parameters must be ${count} ${config.dtype} values, got ${parameters.length}`);
  const bad = firstNonFinite(parameters);
  if (bad >= 0) throw problem(`best parameter ${bad} is ${parameters[bad]} (not finite)`);
}
