// Sets up a run before its Trainer exists: checkpoint start, data, model, memory plan, engine and initial parameters.

import { availableParallelism } from 'node:os';
import {
  createMlp,
  type Dataset,
  initParameters,
  type Mlp,
  type MlpConfig,
  type ResolvedOptimizerConfig,
  Rng,
  resolveOptimizer,
} from '@shardwise/core';
import {
  chooseWorkerCount,
  DataParallelEngine,
  type EngineOptions,
  type KernelBackend,
} from '@shardwise/worker';
import type { TrainingState } from '../checkpoint/checkpoint.js';
import { checkCheckpointTarget } from '../checkpoint/checkpoint-target.js';
import type { DataDescription } from '../checkpoint/columns-metadata.js';
import { DataError } from '../errors.js';
import { resolveKernels } from '../model/kernel-choice.js';
import { checkpointRulesOf } from './checkpoint-rules.js';
import { type CheckpointStart, startFromCheckpoint, widenClassesTo } from './checkpoint-start.js';
import { withClassWeights } from './class-weights.js';
import { dataDescriptionOf } from './data-description.js';
import { dropoutRates } from './dropout-rates.js';
import { startThreadsEarly } from './early-threads.js';
import { checkValidationForEarlyStopping } from './epoch-controls.js';
import {
  checkDataHasTargets,
  checkValidationSplit,
  dataSourceName,
  loadTrainingData,
  plannedDataShape,
} from './load-training-data.js';
import { checkPlannedRun, type PlannedRun } from './memory-check.js';
import { checkDataFitsModel, checkModelSize, modelConfigOf } from './model-config.js';
import { mpiExchange } from './mpi-session.js';
import { checkNativeKernelsRunHere } from './native-kernels-check.js';
import type { OptionNaming } from './option-naming.js';
import { type DataPreparation, prepareRunData } from './prepare-run-data.js';
import { type ResolvedTrainOptions, resolveTrainOptions } from './resolve-options.js';
import type { EpochPosition } from './resume-settings.js';
import { checkPositionFits } from './saved-settings.js';
import type { TrainOptions } from './train-options.js';
import { checkWorkerCount } from './worker-limit.js';

/** A run ready to train: everything a Trainer is built from. */
export interface RunSetUp {
  /** The options, resolved (after a checkpoint start, its settings merged under the caller's). */
  readonly options: ResolvedTrainOptions;
  readonly mlp: Mlp;
  /** The worker pool, loaded with the initial (or checkpoint's) parameters. */
  readonly engine: DataParallelEngine;
  readonly optimizer: ResolvedOptimizerConfig;
  /** Initialises and shuffles; at the checkpoint's position after `resume`. */
  readonly rng: Rng;
  readonly train: Dataset;
  readonly validation: Dataset | null;
  /** The split method and input standardization, which the checkpoint records. */
  readonly preparation: DataPreparation;
  /** The checkpoint's training state (epochs, history); null for a fresh run or `init`. */
  readonly training: TrainingState | null;
  /** Where in an epoch a resumed run continues (checked to fit this run); null between epochs. */
  readonly position: EpochPosition | null;
  /** The checkpoint started from (`resume` or `init`), if any. */
  readonly source: string | undefined;
  /** The class names and CSV columns the model records. */
  readonly description: DataDescription;
}

/**
 * Loads the data (and checkpoint), checks the run fits, builds the model and starts the worker
 * pool. `notify` gets the notices (checkpoint settings overridden, nothing left to train).
 */
export async function createRun(
  options: TrainOptions,
  naming: OptionNaming,
  notify: (message: string) => void,
): Promise<RunSetUp> {
  let o = resolveTrainOptions(options);
  options.signal?.throwIfAborted();
  // Refused before anything is loaded or trained: an --out that would destroy something.
  if (o.out !== undefined) await checkCheckpointTarget(o.out, checkpointRulesOf(o));
  const source = o.resume ?? o.init;
  const mode = o.resume !== undefined ? 'resume' : 'init';
  const start =
    source === undefined ? null : await startFromCheckpoint(options, mode, source, naming, notify);
  if (start) {
    o = resolveTrainOptions(start.options);
    // Again with the data the checkpoint names, which the checkpoint may not replace either.
    if (o.out !== undefined) await checkCheckpointTarget(o.out, checkpointRulesOf(o));
  }
  // Refuses a native that cannot run here before anything is loaded (hinting wasm when it was saved).
  const kernelsFrom = o.resume !== undefined && options.kernels === undefined ? o.resume : undefined;
  checkNativeKernelsRunHere(o.kernels, kernelsFrom, naming);
  // Under MPI a retried step would repeat an exchange the other ranks have passed: a failure is final.
  const exchange = o.mpi ? mpiExchange(o.mpiCombine) : undefined;
  if (exchange) o = { ...o, maxRetries: 0 };
  const dtype = start?.config.dtype ?? o.dtype;
  // A synthetic set's size is known before it is generated: check the run fits first.
  const planned = plannedDataShape(o, dtype);
  const workersFrom = o.resume !== undefined && options.workers === undefined ? o.resume : undefined;
  const ranks = exchange?.ranks ?? 1;
  const plan = (data: PlannedRun['data']) => planRun(o, data, start, dtype, source, workersFrom, ranks);
  const plannedRun = planned && plan(planned);
  if (plannedRun) checkPlannedRun(plannedRun);
  // Started now, the threads boot while the data is generated or read; ended here unless the engine takes them.
  await using early = startThreadsEarly(plannedRun ? plannedRun.workers : o.workers);
  const loaded = await loadTrainingData(o, dtype, start?.data, options.signal, naming.option);
  const description = dataDescriptionOf(loaded, start?.data, dataSourceName(o));
  const all = start ? widenClassesTo(loaded, start.config) : loaded;
  const unweighted = start?.config ?? modelConfigOf(o, all, dtype);
  checkModelSize(unweighted, all);
  checkDataHasTargets(all, unweighted, dataSourceName(o));
  checkDataFitsModel(all, unweighted, source);
  checkValidationSplit(all.rows, o.valSplit);
  if (!planned) checkPlannedRun(plan(shapeOf(all)), bytesOf(all));
  const { train, validation, preparation } = await prepareRunData(all, o, options, start, naming, notify);
  checkValidationForEarlyStopping(o, validation?.rows ?? 0, naming);
  // Class weights come last: 'balanced' counts the training rows only.
  const saved = o.resume !== undefined && start ? { config: start.config, path: o.resume } : null;
  const config = withClassWeights(unweighted, o.classWeights, train, saved, naming);
  const mlp = createMlp(config);
  const kernels = resolveKernels(o.kernels, config.sizes);
  const savedDropout = o.resume !== undefined && options.dropout === undefined ? o.resume : undefined;
  const dropout = { rates: dropoutRates(o.dropout, config, naming, savedDropout), seed: o.seed };
  // The split above draws from its own stream; this one initialises and shuffles, and its
  // position is what a checkpoint saves.
  const rng = new Rng(o.seed + 0x5eed);
  const training = start?.training ?? null;
  const optimizer = start?.optimizer ?? resolveOptimizer(optimizerFrom(o));
  const workers = workerCount(o, config.sizes, kernels);
  const engine = createEngine({
    mlp: config,
    data: train,
    batchSize: o.batchSize,
    workers,
    ...(early.threads?.workers === workers && { threads: early.threads }),
    ...(o.shards !== undefined && { shards: o.shards }),
    ...(exchange && { exchange }),
    optimizer,
    kernels,
    stepTimeout: o.stepTimeout,
    dropout,
  });
  if (start) engine.load(start.parameters, start.optimizerState, start.globalStep);
  else {
    const params = new (config.dtype === 'f32' ? Float32Array : Float64Array)(mlp.layout.count);
    initParameters(mlp, params, rng);
    engine.load(params);
  }
  if (training) rng.setState([...training.rngState]);
  const position = start?.position ?? null;
  if (position) {
    try {
      checkPositionFits(position, { stepsPerEpoch: engine.stepsPerEpoch(), batchSize: o.batchSize }, source!);
    } catch (error) {
      await engine.close();
      throw error;
    }
  }
  if (training && o.epochs <= training.epoch)
    notify(`${source} already has ${training.epoch} epochs; nothing to train`);
  return {
    options: o,
    mlp,
    engine,
    optimizer,
    rng,
    train,
    validation,
    preparation,
    training,
    position,
    source,
    description,
  };
}

/** The worker count: the option's, or for `'auto'` the best for this model and machine. */
function workerCount(o: ResolvedTrainOptions, sizes: readonly number[], kernels: KernelBackend): number {
  return o.workers === 'auto'
    ? chooseWorkerCount(sizes, o.batchSize, availableParallelism(), kernels)
    : o.workers;
}

/**
 * The run as planned before allocating it, for the memory check; also refuses a worker count
 * beyond the machine's limit (`workersFrom` names the checkpoint it came from, if so).
 */
function planRun(
  o: ResolvedTrainOptions,
  data: PlannedRun['data'],
  start: CheckpointStart | null,
  dtype: MlpConfig['dtype'],
  source: string | undefined,
  workersFrom: string | undefined,
  ranks: number,
): PlannedRun {
  const sizes = start?.config.sizes ?? [data.features, ...o.hidden, data.outputs];
  const kernels = resolveKernels(o.kernels, sizes);
  const workers = workerCount(o, sizes, kernels);
  checkWorkerCount(workers, workersFrom);
  const optimizer = start?.optimizer?.kind ?? o.optimizer;
  const shards = o.shards ?? workers * ranks;
  return { options: o, data, sizes, dtype, optimizer, workers, shards, kernels, checkpoint: source };
}

/** The sizes of loaded rows, for the memory check. */
function shapeOf(data: Dataset): PlannedRun['data'] {
  return { rows: data.rows, features: data.features, outputs: data.outputs, labels: data.labels !== null };
}

/** Bytes the loaded rows hold. */
function bytesOf(data: Dataset): number {
  return data.x.byteLength + (data.labels?.byteLength ?? 0) + (data.targets?.byteLength ?? 0);
}

/** The optimizer the options describe (a fresh run, or `init`). */
function optimizerFrom(o: ResolvedTrainOptions) {
  return {
    kind: o.optimizer,
    lr: o.lr,
    momentum: o.momentum,
    weightDecay: o.weightDecay,
    beta1: o.beta1,
    beta2: o.beta2,
    epsilon: o.eps,
  };
}

/** The engine, with its size limits (e.g. 4 GiB of WebAssembly memory) reported as data errors. */
function createEngine(options: EngineOptions): DataParallelEngine {
  try {
    return DataParallelEngine.create(options);
  } catch (error) {
    if (error instanceof RangeError) throw new DataError(error.message);
    throw error;
  }
}
