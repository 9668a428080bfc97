/** The model's architecture as checkpoint metadata strings, and back. */

import { activationParameters, type MlpConfig, validateMlpConfig } from '@shardwise/core';

import { META, type ProblemReporter } from './checkpoint-format.js';

export function configToMetadata(config: MlpConfig): Record<string, string> {
  return {
    [META.sizes]: JSON.stringify(config.sizes),
    [META.activation]: config.activation,
    ...(config.activation === 'leaky_relu'
      ? { [META.negativeSlope]: String(activationParameters(config).negativeSlope) }
      : {}),
    [META.loss]: config.loss,
    [META.outActivation]: config.outActivation,
    [META.dtype]: config.dtype,
    ...(config.classWeights !== undefined && { [META.classWeights]: JSON.stringify(config.classWeights) }),
  };
}

/** Reads and validates the architecture; `problem` builds the error for the first fault. */
export function configFromMetadata(metadata: Record<string, string>, problem: ProblemReporter): MlpConfig {
  const read = (key: string): string => {
    const value = metadata[key];
    if (value === undefined) throw problem(`metadata "${key}" is missing`);
    return value;
  };
  const sizes = parseSizes(read(META.sizes), problem);
  const activation = read(META.activation);
  const slope = metadata[META.negativeSlope];
  if ((activation === 'leaky_relu') !== (slope !== undefined)) {
    throw problem(
      slope === undefined
        ? `metadata "${META.negativeSlope}" is missing (activation leaky_relu)`
        : `metadata "${META.negativeSlope}" is only for activation leaky_relu, not ${clip(activation)}`,
    );
  }
  const negativeSlope = slope === undefined ? undefined : Number(slope);
  if (negativeSlope !== undefined && (slope!.trim() === '' || !Number.isFinite(negativeSlope))) {
    throw problem(`metadata "${META.negativeSlope}" is not a number: ${clip(slope!)}`);
  }
  const config = {
    sizes,
    activation,
    ...(negativeSlope === undefined ? {} : { negativeSlope }),
    loss: read(META.loss),
    outActivation: read(META.outActivation),
    dtype: read(META.dtype),
    ...classWeightsFrom(metadata, problem),
  } as MlpConfig;
  checkConfig(config, problem);
  return config;
}

/** Rethrows core's validation message as a checkpoint problem. */
export function checkConfig(config: MlpConfig, problem: ProblemReporter): void {
  try {
    validateMlpConfig(config);
  } catch (error) {
    throw problem(`invalid model config: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The saved class weights, if any: a JSON array of numbers (their values are checked with the config). */
function classWeightsFrom(
  metadata: Record<string, string>,
  problem: ProblemReporter,
): { classWeights?: number[] } {
  const text = metadata[META.classWeights];
  if (text === undefined) return {};
  let weights: unknown;
  try {
    weights = JSON.parse(text);
  } catch {
    weights = undefined;
  }
  if (!Array.isArray(weights) || !weights.every((w) => typeof w === 'number')) {
    throw problem(`metadata "${META.classWeights}" is not a JSON array of numbers: ${clip(text)}`);
  }
  return { classWeights: weights };
}

function parseSizes(text: string, problem: ProblemReporter): number[] {
  let sizes: unknown;
  try {
    sizes = JSON.parse(text);
  } catch {
    sizes = undefined;
  }
  if (!Array.isArray(sizes) || !sizes.every((size) => typeof size === 'number')) {
    throw problem(`metadata "${META.sizes}" is not a JSON array of layer widths: ${clip(text)}`);
  }
  return sizes;
}

/** Keeps hostile metadata from flooding a one-line message. */
export function clip(text: string, limit = 60): string {
  const oneLine = JSON.stringify(text);
  return oneLine.length <= limit ? oneLine : `${oneLine.slice(0, limit)}…`;
}
