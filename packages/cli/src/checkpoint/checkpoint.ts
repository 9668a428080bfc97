/**
 * Saving and loading shardwise checkpoints: safetensors files whose weights PyTorch can load
 * (`nn.Linear` layout) and which optionally carry what is needed to resume training exactly.
 * Every problem is one CheckpointError naming the file.
 */

import { dtypeOf, parameterLayout } from '@shardwise/core';
import { CheckpointError } from '../errors.js';
import { readSafetensors, type SafetensorsFile, writeSafetensors } from '../io/safetensors.js';
import {
  BEST_PARAMETERS_TENSOR,
  type Checkpoint,
  FORMAT_NAME,
  FORMAT_VERSION,
  META,
  OPTIMIZER_STATE_TENSOR,
  type ProblemReporter,
  RNG_STATE_TENSOR,
} from './checkpoint-format.js';
import { type CheckpointTargetOptions, checkCheckpointTarget } from './checkpoint-target.js';
import { dataDescriptionFromMetadata, dataDescriptionToMetadata } from './columns-metadata.js';
import { checkConfig, clip, configFromMetadata, configToMetadata } from './config-metadata.js';
import { firstNonFinite } from './finite-values.js';
import { layersToTensors, layerTensorNames, tensorsToParameters } from './pytorch-layers.js';
import {
  standardizationFromEntries,
  standardizationTensorNames,
  standardizationToEntries,
} from './standardization-tensors.js';
import { trainingFromEntries, trainingToEntries } from './training-state.js';

export type { Checkpoint, TrainingState } from './checkpoint-format.js';

/** A checkpoint's path together with the output rules it is saved under (checkpoint-target.ts). */
export interface CheckpointDestination extends CheckpointTargetOptions {
  /** Where to save. */
  readonly path: string;
}

/**
 * Atomically writes `checkpoint` to `destination`: a path (saved under the default output rules),
 * or a path with its rules (force, the run's inputs). A missing directory is a CheckpointError too.
 * Everything is copied before the first await, so the caller may keep training meanwhile.
 */
export async function saveCheckpoint(
  destination: string | CheckpointDestination,
  checkpoint: Checkpoint,
): Promise<void> {
  const { path, ...options } = typeof destination === 'string' ? { path: destination } : destination;
  const problem = reporter(`cannot write ${path}: `);
  const { config, parameters, training } = checkpoint;
  checkConfig(config, problem);
  checkParameters(checkpoint, problem);
  const layers = layersToTensors(config, parameters);
  const resume = training === null ? null : trainingToEntries(config, training, problem);
  const standardize = standardizationToEntries(config, checkpoint.standardization, problem);
  const metadata = {
    [META.format]: FORMAT_NAME,
    [META.version]: FORMAT_VERSION,
    ...configToMetadata(config),
    ...dataDescriptionToMetadata(checkpoint, config, problem),
    ...resume?.metadata,
    ...standardize.metadata,
  };
  await checkCheckpointTarget(path, options);
  await writeSafetensors(path, { ...layers, ...standardize.tensors, ...resume?.tensors }, metadata);
}

/** Reads and validates the checkpoint at `path`; `training` is null for weights-only files. */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  const problem = reporter(`${path}: `);
  const file = await readCheckpointFile(path);
  const { metadata, tensors } = file;
  const format = metadata[META.format];
  if (format === undefined) {
    throw problem(`not a shardwise checkpoint (no "${META.format}" metadata)`);
  }
  if (format !== FORMAT_NAME) {
    throw problem(`not a shardwise checkpoint (format ${clip(format)}, expected "${FORMAT_NAME}")`);
  }
  const version = metadata[META.version];
  if (version !== FORMAT_VERSION) {
    throw problem(
      `unsupported ${META.version} ${version === undefined ? '(missing)' : clip(version)}; this shardwise reads version ${FORMAT_VERSION}`,
    );
  }
  const config = configFromMetadata(metadata, problem);
  const trainingJson = metadata[META.training];
  rejectUnexpectedTensors(
    file,
    [
      ...layerTensorNames(config.sizes),
      ...(trainingJson === undefined
        ? []
        : [OPTIMIZER_STATE_TENSOR, RNG_STATE_TENSOR, BEST_PARAMETERS_TENSOR]),
      ...standardizationTensorNames(metadata),
    ],
    problem,
  );
  const parameters = tensorsToParameters(config, tensors, problem);
  const training =
    trainingJson === undefined ? null : trainingFromEntries(config, trainingJson, tensors, problem);
  const standardization = standardizationFromEntries(config, metadata, tensors, problem);
  const { classNames, columns } = dataDescriptionFromMetadata(metadata, config, problem);
  return {
    config,
    parameters,
    training,
    standardization,
    ...(classNames !== null && { classNames }),
    ...(columns !== null && { columns }),
  };
}

async function readCheckpointFile(path: string): Promise<SafetensorsFile> {
  try {
    return await readSafetensors(path);
  } catch (error) {
    const code = (error as { cause?: NodeJS.ErrnoException } | null)?.cause?.code;
    if (code === 'ENOENT') throw new CheckpointError(`checkpoint not found: ${path}`, { cause: error });
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`cannot read ${path}: ${error instanceof Error ? error.message : error}`, {
      cause: error,
    });
  }
}

function checkParameters({ config, parameters }: Checkpoint, problem: ProblemReporter): void {
  if (!(parameters instanceof Float32Array || parameters instanceof Float64Array)) {
    throw problem('parameters are not a Float32Array or Float64Array');
  }
  if (dtypeOf(parameters) !== config.dtype) {
    throw problem(`parameters are ${dtypeOf(parameters)}, but the config says ${config.dtype}`);
  }
  const count = parameterLayout(config.sizes).count;
  if (parameters.length !== count) {
    throw problem(
      `${parameters.length} parameters given, sizes ${JSON.stringify(config.sizes)} need ${count}`,
    );
  }
  const bad = firstNonFinite(parameters);
  if (bad >= 0) throw problem(`parameter ${bad} is ${parameters[bad]} (not finite)`);
}

/** Any tensor the format does not define means a damaged or foreign file, or a mismatched model. */
function rejectUnexpectedTensors(
  file: SafetensorsFile,
  expected: readonly string[],
  problem: ProblemReporter,
) {
  const known = new Set(expected);
  for (const name of file.tensors.keys()) {
    if (!known.has(name)) throw problem(`unexpected tensor ${clip(name)} for this model`);
  }
}

/** Longest problem description; hostile metadata must not flood the terminal. */
const MAX_DETAIL_LENGTH = 300;

/** Errors start with `prefix` (which names the file) and stay on one short line whatever the file holds. */
function reporter(prefix: string): ProblemReporter {
  return (detail) => {
    const line = detail.replace(/[\r\n]+/g, ' ');
    const short = line.length > MAX_DETAIL_LENGTH ? `${line.slice(0, MAX_DETAIL_LENGTH)}…` : line;
    return new CheckpointError(`${prefix}${short}`);
  };
}
