import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import {
  createMlp,
  type Dataset,
  DEFAULT_ACTIVATION_PARAMETERS,
  type FloatArray,
  initParameters,
  LOSSES,
  type Mlp,
  type MlpConfig,
  parameterLayout,
  type ResolvedOptimizerConfig,
  Rng,
  resolveOptimizer,
  splitTrainValidation,
} from '@shardwise/core';
import {
  chooseWorkerCount,
  DataParallelEngine,
  WorkerFailureError as EngineFailure,
  type EngineOptions,
  type KernelBackend,
  nativeKernelsUnavailable,
  wasmKernelsAvailable,
} from '@shardwise/worker';
import { type Checkpoint, saveCheckpoint } from '../checkpoint/checkpoint.js';
import { checkCheckpointTarget } from '../checkpoint/checkpoint-target.js';
import { firstNonFinite } from '../checkpoint/finite-values.js';
import { DataError, DivergenceError, UsageError, WorkerFailureError } from '../errors.js';
import { createForwardRunner, type ForwardRunner } from '../model/forward-runner.js';
import type { ForwardKernelChoice } from '../model/kernel-choice.js';
import { Model } from '../model/model.js';
import { abortError } from './abort-error.js';
import { checkpointRulesOf } from './checkpoint-rules.js';
import { type CheckpointStart, startFromCheckpoint, widenClassesTo } from './checkpoint-start.js';
import {
  checkDataHasTargets,
  checkValidationSplit,
  dataSourceName,
  loadTrainingData,
  plannedDataShape,
} from './load-training-data.js';
import { checkPlannedRun, type PlannedRun } from './memory-check.js';
import { LIBRARY_NAMING, type OptionNaming } from './option-naming.js';
import { type ResolvedTrainOptions, resolveTrainOptions } from './resolve-options.js';
import { type EpochPosition, runSettingsOf } from './resume-settings.js';
import { checkPositionFits } from './saved-settings.js';
import type { EpochMetrics, StepMetrics, TrainOptions } from './train-options.js';
import { checkWorkerCount } from './worker-limit.js';

/** What a trainer was set up with, for reports. */
export interface TrainerSummary {
  /** Worker threads in this trainer's pool (the resolved count when `workers` was `'auto'`). */
  readonly workers: number;
  /** Training rows (after the validation split). */
  readonly rows: number;
  /** Rows held out for validation; 0 without `valSplit`. */
  readonly validationRows: number;
  /** Number of trainable parameters (weights and biases). */
  readonly parameters: number;
  /** Float type of the data, parameters and arithmetic. */
  readonly dtype: MlpConfig['dtype'];
  /** Layer widths `[inputs, ...hidden, outputs]`. */
  readonly sizes: readonly number[];
  /** Steps (batches) per epoch. */
  readonly stepsPerEpoch: number;
  /** Rows per step. */
  readonly batchSize: number;
}

// With onStep callbacks, steps run in chunks of about this long: callbacks arrive promptly while
// the threads still run many steps per wake-up of the main thread.
const CHUNK_SECONDS = 0.05;

/**
 * A training run, step by step: data, model and worker pool set up once by `create`, then
 * `step()` / `epoch()` (or `for await` over the epochs) until `epochsTotal`, then `close()`.
 * Each trainer owns its own pool of `workers` threads (never shared with other trainers) until
 * `close()`. Training past `epochsTotal` throws a RangeError; training after `close()` throws.
 */
export class Trainer {
  /** How the run was set up: pool size, rows, parameter count, shape; fixed at `create`. */
  readonly summary: TrainerSummary;
  /** The epoch count to train to (`epochs`; after `resume`, the total including those already done). */
  readonly epochsTotal: number;
  private readonly history_: EpochMetrics[];
  private epochsDone_: number;
  private stepInEpoch = 0;
  private epochLoss = 0;
  private epochCorrect = 0;
  private epochRows = 0;
  private epochTrainSeconds = 0;
  private epochStarted = 0;
  private epochStartRng: number[] | null = null;
  private chunk = 1;
  private retries = 0;
  /** Told about each recovered worker failure (the CLI prints it as a warning). */
  onRetry: ((message: string) => void) | undefined;
  private stopRequested = false;
  private aborted = false;
  private closed = false;
  private readonly onAbort = () => {
    this.aborted = true;
    this.requestStop();
  };

  private constructor(
    private readonly options: ResolvedTrainOptions,
    private readonly callbacks: Pick<TrainOptions, 'onEpoch' | 'onStep' | 'signal'>,
    private readonly mlp: Mlp,
    private readonly engine: DataParallelEngine,
    private readonly optimizer: ResolvedOptimizerConfig,
    private readonly rng: Rng,
    private readonly train: Dataset,
    private readonly validation: Dataset | null,
    checkpoint: Pick<Checkpoint, 'training'> | null,
  ) {
    this.epochsTotal = options.epochs;
    this.history_ = [...(checkpoint?.training?.history ?? [])];
    this.epochsDone_ = checkpoint?.training?.epoch ?? 0;
    this.summary = {
      workers: engine.workers,
      rows: train.rows,
      validationRows: validation?.rows ?? 0,
      parameters: mlp.layout.count,
      dtype: mlp.config.dtype,
      sizes: mlp.config.sizes,
      stepsPerEpoch: engine.stepsPerEpoch(),
      batchSize: options.batchSize,
    };
    callbacks.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Loads the data (and checkpoint), builds the model and starts the worker pool. `naming` spells
   * options in notices and errors (the CLI passes its flag spelling); leave it out.
   */
  static async create(options: TrainOptions = {}, naming: OptionNaming = LIBRARY_NAMING): Promise<Trainer> {
    let o = resolveTrainOptions(options);
    options.signal?.throwIfAborted();
    // Refused before anything is loaded or trained: an --out that would destroy something.
    if (o.out !== undefined) await checkCheckpointTarget(o.out, checkpointRulesOf(o));
    const notify = (message: string) => options.onNotice?.(message);
    const source = o.resume ?? o.init;
    const mode = o.resume !== undefined ? 'resume' : 'init';
    const start =
      source === undefined ? null : await startFromCheckpoint(options, mode, source, naming, notify);
    if (start) {
      o = resolveTrainOptions(start.options);
      // Again with the data the checkpoint names, which the checkpoint may not replace either.
      if (o.out !== undefined) await checkCheckpointTarget(o.out, checkpointRulesOf(o));
    }
    const nativeMissing = o.kernels === 'native' ? nativeKernelsUnavailable() : null;
    if (nativeMissing !== null) throw new UsageError(`kernels native: ${nativeMissing}`);
    const dtype = start?.config.dtype ?? o.dtype;
    const kernels = o.kernels === 'auto' ? (wasmKernelsAvailable() ? 'wasm' : 'ts') : o.kernels;
    // A synthetic set's size is known before it is generated: check the run fits first.
    const planned = plannedDataShape(o, dtype);
    const workersFrom = o.resume !== undefined && options.workers === undefined ? o.resume : undefined;
    const plan = (data: PlannedRun['data']) => planRun(o, data, start, dtype, kernels, source, workersFrom);
    if (planned) checkPlannedRun(plan(planned));
    const loaded = await loadTrainingData(o, dtype, start?.data, options.signal);
    const all = start ? widenClassesTo(loaded, start.config) : loaded;
    const config: MlpConfig = start?.config ?? {
      sizes: [all.features, ...o.hidden, all.outputs],
      activation: o.activation,
      // leaky_relu's slope goes into the config (and so the checkpoint) even when defaulted.
      ...(o.activation === 'leaky_relu'
        ? { negativeSlope: o.negativeSlope ?? DEFAULT_ACTIVATION_PARAMETERS.negativeSlope }
        : {}),
      loss: o.loss ?? (all.labels ? 'ce' : 'mse'),
      outActivation: o.outActivation,
      dtype,
    };
    checkModelSize(config, all);
    checkDataHasTargets(all, config, dataSourceName(o));
    checkDataFitsModel(all, config, source);
    checkValidationSplit(all.rows, o.valSplit);
    if (!planned) checkPlannedRun(plan(shapeOf(all)), bytesOf(all));
    const mlp = createMlp(config);
    const { train, validation } = splitTrainValidation(all, o.valSplit, new Rng(o.seed));
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
      optimizer,
      kernels,
      stepTimeout: o.stepTimeout,
    });
    if (start) engine.load(start.parameters, start.optimizerState, start.globalStep);
    else {
      const params = new (config.dtype === 'f32' ? Float32Array : Float64Array)(mlp.layout.count);
      initParameters(mlp, params, rng);
      engine.load(params);
    }
    if (training) rng.setState([...training.rngState]);
    const trainer = new Trainer(
      o,
      options,
      mlp,
      engine,
      optimizer,
      rng,
      train,
      validation,
      training ? { training } : null,
    );
    try {
      if (start?.position) {
        checkPositionFits(
          start.position,
          { stepsPerEpoch: trainer.stepsPerEpoch, batchSize: o.batchSize },
          source!,
        );
        trainer.continueEpochAt(start.position);
      }
    } catch (error) {
      await trainer.close();
      throw error;
    }
    if (training && o.epochs <= training.epoch)
      notify(`${source} already has ${training.epoch} epochs; nothing to train`);
    return trainer;
  }

  /** Epochs completed (continues the checkpoint's count after resume). */
  get epochsDone(): number {
    return this.epochsDone_;
  }

  /** Steps (batches) per epoch: training rows ÷ `batchSize`, rounded up. */
  get stepsPerEpoch(): number {
    return this.summary.stepsPerEpoch;
  }

  /** One entry per completed epoch. */
  get history(): readonly EpochMetrics[] {
    return this.history_;
  }

  /** True once a stop was requested (or the signal aborted): no more steps will run. */
  get stopped(): boolean {
    return this.stopRequested;
  }

  /** The current parameters as a standalone model (a copy). */
  get model(): Model {
    return new Model(this.mlp.config, this.engine.parameters, {
      kernels: forwardKernelsOf(this.engine.kernels),
    });
  }

  /**
   * Test-only: makes worker `worker` fail at global step `step` (1-based), in a given phase of the
   * step (default its start), by throwing, exiting, hanging… (see the engine's injectFault). @internal
   */
  injectFault(...fault: Parameters<DataParallelEngine['injectFault']>): void {
    this.engine.injectFault(...fault);
  }

  /** Finish the step in progress, then stop: `epoch()` resolves early with what ran. */
  requestStop(): void {
    this.stopRequested = true;
    this.engine.requestStop();
  }

  /** Trains one step (a batch); completes the epoch's bookkeeping when it was the last. */
  async step(): Promise<StepMetrics> {
    this.assertCanTrain();
    if (this.stepInEpoch === 0) this.beginEpoch();
    const step = this.stepInEpoch;
    await this.runSteps(step + 1);
    const metrics = this.stepMetrics(step);
    if (this.stepInEpoch === this.stepsPerEpoch) await this.finishEpoch();
    return metrics;
  }

  /** Trains the rest of the current epoch (a whole one when none is under way). */
  async epoch(): Promise<EpochMetrics> {
    this.assertCanTrain();
    if (this.stepInEpoch === 0) this.beginEpoch();
    await this.runSteps(this.stepsPerEpoch);
    if (this.stepInEpoch < this.stepsPerEpoch) return this.metrics(this.epochsDone_ + 1);
    return await this.finishEpoch();
  }

  /** The remaining epochs, one metrics object each. */
  async *[Symbol.asyncIterator](): AsyncGenerator<EpochMetrics> {
    while (this.epochsDone_ < this.epochsTotal && !this.stopRequested) yield await this.epoch();
    // An abort between epochs (from onEpoch, say) ends the loop too, but must still reject.
    if (this.aborted) throw abortError(this.callbacks.signal);
  }

  /** Loss and accuracy of the current parameters on `data` (default: the validation rows, else training rows). */
  evaluate(data?: Parameters<Model['evaluate']>[0]): {
    /** Mean loss over the rows. */
    loss: number;
    /** Fraction of rows classified correctly, in [0, 1] (ce only; absent for mse). */
    accuracy?: number;
  } {
    return this.model.evaluate(data ?? this.validation ?? this.train);
  }

  /** Outputs of the current parameters for rows × inputs values. */
  predict(x: ArrayLike<number>): FloatArray {
    return this.model.predict(x);
  }

  /**
   * Saves a resumable checkpoint (weights, optimizer state, epoch count, RNG position and the run
   * settings); mid-epoch it also records the step, so `resume` continues from that step. Like
   * `Model.save` it replaces only a shardwise checkpoint (or an empty file) unless `options.force`
   * (default: the run's `force` option), and never one of the run's input files.
   */
  async save(
    path: string,
    options: {
      /** Also replace an existing regular file that is not a shardwise checkpoint. */
      force?: boolean;
    } = {},
  ): Promise<void> {
    this.checkParametersFinite();
    const destination = { path, ...checkpointRulesOf(this.options, options.force ?? this.options.force) };
    await saveCheckpoint(destination, {
      config: this.mlp.config,
      parameters: this.engine.parameters,
      training: {
        epoch: this.epochsDone_,
        globalStep: this.engine.globalStep,
        optimizer: this.optimizer,
        optimizerState: this.engine.optimizerState,
        // Mid-epoch, the RNG position of the epoch's start: resume re-shuffles the same order.
        rngState: this.stepInEpoch > 0 ? this.epochStartRng! : this.rng.getState(),
        history: this.history_,
        options: {
          ...runSettingsOf(this.options, this.engine.workers, this.engine.kernels, path),
          ...(this.stepInEpoch > 0 && {
            position: {
              step: this.stepInEpoch,
              lossSum: this.epochLoss,
              correct: this.epochCorrect,
              rows: this.epochRows,
            },
          }),
        },
      },
    });
  }

  /** Ends the worker threads. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.callbacks.signal?.removeEventListener('abort', this.onAbort);
    await this.engine.close();
  }

  /** Resumes inside an epoch: the same shuffle as when it was saved, then on from its step. */
  private continueEpochAt(position: EpochPosition): void {
    this.beginEpoch();
    this.stepInEpoch = position.step;
    this.epochLoss = position.lossSum;
    this.epochCorrect = position.correct;
    this.epochRows = position.rows;
  }

  private beginEpoch(): void {
    const order = this.engine.order;
    // From the identity each epoch, so the order depends only on the RNG position: a resumed run
    // shuffles exactly as an uninterrupted one.
    for (let i = 0; i < order.length; i++) order[i] = i;
    this.epochStartRng = this.rng.getState();
    if (this.options.shuffle) this.rng.shuffle(order);
    this.epochLoss = 0;
    this.epochCorrect = 0;
    this.epochRows = 0;
    this.epochTrainSeconds = 0;
    this.epochStarted = performance.now();
  }

  private async runSteps(end: number): Promise<void> {
    while (this.stepInEpoch < end && !this.stopRequested) {
      const first = this.stepInEpoch;
      const last = this.callbacks.onStep ? Math.min(end, first + this.chunk) : end;
      const started = performance.now();
      const committedBefore = this.engine.globalStep;
      let done: number;
      try {
        done = await this.engine.run(first, last);
      } catch (error) {
        if (!(error instanceof EngineFailure)) throw error;
        // Steps before the failed one were committed; the failed one changed nothing.
        done = this.engine.globalStep - committedBefore;
        await this.recoverFrom(error, first + done);
      }
      const seconds = (performance.now() - started) / 1000;
      this.epochTrainSeconds += seconds;
      this.chunk =
        seconds < CHUNK_SECONDS / 2
          ? this.chunk * 2
          : seconds > CHUNK_SECONDS * 2
            ? Math.max(1, this.chunk >> 1)
            : this.chunk;
      for (let s = first; s < first + done; s++) this.recordStep(s);
      this.stepInEpoch = first + done;
    }
    if (this.aborted) throw abortError(this.callbacks.signal);
  }

  /** Replaces the worker threads after a failure, or gives up once `maxRetries` are spent. */
  private async recoverFrom(error: InstanceType<typeof EngineFailure>, step: number): Promise<void> {
    const where = `epoch ${this.epochsDone_ + 1}, step ${step + 1}`;
    if (this.retries >= this.options.maxRetries) {
      const hints = [
        this.options.out && `the last checkpoint at ${this.options.out} is intact`,
        error.stepTimeout !== undefined &&
          `if its steps are legitimately this slow, raise the step timeout (--step-timeout, now ${error.stepTimeout} s)`,
      ].filter((hint) => typeof hint === 'string');
      throw new WorkerFailureError(`${error.message} (at ${where}, after ${this.retries} retries)`, {
        cause: error,
        ...(hints.length > 0 && { hint: hints.join('; ') }),
      });
    }
    this.retries++;
    this.onRetry?.(
      `${error.message}; retrying ${where} with new threads (${this.retries}/${this.options.maxRetries})`,
    );
    await this.engine.restart();
  }

  /**
   * NaN or ±Infinity in the parameters (a finite loss can hide them, e.g. behind a relu) ends the
   * run as a DivergenceError before the epoch is reported or anything is saved over a good file.
   */
  private checkParametersFinite(): void {
    const parameters = this.engine.parameters;
    const bad = firstNonFinite(parameters);
    if (bad < 0) return;
    const epoch = this.epochsDone_ + (this.stepInEpoch > 0 ? 1 : 0);
    const cause = this.options.allowNonFinite
      ? 'the data holds NaN or infinite values (loaded by --allow-non-finite); clean them first'
      : `try a lower --lr (now ${this.optimizer.lr})`;
    const { out } = this.options;
    const kept = out !== undefined && existsSync(out) ? `; ${out} keeps the last finite checkpoint` : '';
    throw new DivergenceError(
      `the parameters became ${parameters[bad]} in epoch ${epoch} (parameter ${bad}), though the loss was finite`,
      `${cause}${kept}`,
    );
  }

  private recordStep(step: number): void {
    const loss = this.engine.stepLoss(step);
    if (!Number.isFinite(loss)) {
      throw new DivergenceError(
        `the loss became ${loss} at epoch ${this.epochsDone_ + 1}, step ${step + 1}`,
        `try a lower --lr (now ${this.optimizer.lr})`,
      );
    }
    const rows = Math.min(this.options.batchSize, this.train.rows - step * this.options.batchSize);
    this.epochLoss += loss;
    this.epochCorrect += this.engine.stepCorrect(step);
    this.epochRows += rows;
    this.callbacks.onStep?.(this.stepMetrics(step));
  }

  private stepMetrics(step: number): StepMetrics {
    const rows = Math.min(this.options.batchSize, this.train.rows - step * this.options.batchSize);
    return {
      epoch: this.epochsDone_ + 1,
      step,
      steps: this.stepsPerEpoch,
      globalStep: this.engine.globalStep,
      loss: this.engine.stepLoss(step),
      ...(LOSSES[this.mlp.config.loss].classification && { accuracy: this.engine.stepCorrect(step) / rows }),
    };
  }

  private async finishEpoch(): Promise<EpochMetrics> {
    this.checkParametersFinite();
    this.epochsDone_++;
    this.stepInEpoch = 0;
    const metrics = this.metrics(this.epochsDone_);
    this.history_.push(metrics);
    const { out, saveEvery } = this.options;
    if (out !== undefined && saveEvery !== undefined && this.epochsDone_ % saveEvery === 0)
      await this.save(out);
    this.callbacks.onEpoch?.(metrics);
    return metrics;
  }

  private metrics(epoch: number): EpochMetrics {
    const ce = LOSSES[this.mlp.config.loss].classification;
    const steps = Math.max(1, this.stepInEpoch === 0 ? this.stepsPerEpoch : this.stepInEpoch);
    const validation = this.validation ? this.evaluateValidation(this.validation) : null;
    return {
      epoch,
      loss: this.epochLoss / steps,
      ...(ce && { accuracy: this.epochCorrect / Math.max(1, this.epochRows) }),
      ...(validation && { valLoss: validation.loss }),
      ...(validation && ce && { valAccuracy: validation.accuracy! }),
      samplesPerSecond: this.epochRows / Math.max(this.epochTrainSeconds, 1e-9),
      seconds: (performance.now() - this.epochStarted) / 1000,
    };
  }

  private validationRunner: ForwardRunner | null = null;
  private evaluateValidation(validation: Dataset) {
    this.validationRunner ??= createForwardRunner(
      this.mlp,
      Math.min(1024, validation.rows),
      forwardKernelsOf(this.engine.kernels),
    );
    return this.validationRunner.evaluate(this.engine.parameters, validation, validation.rows);
  }

  private assertCanTrain(): void {
    if (this.closed) throw new Error('the trainer is closed');
    if (this.aborted) throw abortError(this.callbacks.signal);
    if (this.epochsDone_ >= this.epochsTotal && this.stepInEpoch === 0) {
      throw new RangeError(`all ${this.epochsTotal} epochs are done`);
    }
  }
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
  kernels: KernelBackend,
  source: string | undefined,
  workersFrom: string | undefined,
): PlannedRun {
  const sizes = start?.config.sizes ?? [data.features, ...o.hidden, data.outputs];
  const workers = workerCount(o, sizes, kernels);
  checkWorkerCount(workers, workersFrom);
  const optimizer = start?.optimizer?.kind ?? o.optimizer;
  return { options: o, data, sizes, dtype, optimizer, workers, kernels, checkpoint: source };
}

/** The sizes of loaded rows, for the memory check. */
function shapeOf(data: Dataset): PlannedRun['data'] {
  return { rows: data.rows, features: data.features, outputs: data.outputs, labels: data.labels !== null };
}

/** Bytes the loaded rows hold. */
function bytesOf(data: Dataset): number {
  return data.x.byteLength + (data.labels?.byteLength ?? 0) + (data.targets?.byteLength ?? 0);
}

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

/** Most parameters a model may have: 2^28 (1 GiB in f32 per copy, of which a run keeps several). */
const MAX_PARAMETERS = 2 ** 28;

/** A clear error before allocating a model too large to train, e.g. from a stray huge label. */
function checkModelSize(config: MlpConfig, data: Dataset): void {
  const count = parameterLayout(config.sizes).count;
  if (count <= MAX_PARAMETERS) return;
  const outputs = config.sizes[config.sizes.length - 1]!;
  const hint = data.labels
    ? `labels must be class indices 0…K−1; the largest label here is ${outputs - 1}`
    : undefined;
  throw new DataError(
    `the model ${config.sizes.join('-')} would have ${count.toExponential(2)} parameters, more than the ${MAX_PARAMETERS} allowed`,
    hint,
  );
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

/** The data must have the model's input width and a target of the kind its loss needs. */
function checkDataFitsModel(data: Dataset, config: MlpConfig, checkpoint: string | undefined): void {
  const inputs = config.sizes[0]!;
  const outputs = config.sizes[config.sizes.length - 1]!;
  const where = checkpoint ? `the checkpoint ${checkpoint}` : 'the model';
  if (data.features !== inputs)
    throw new DataError(`the data has ${data.features} features, ${where} expects ${inputs}`);
  if (!LOSSES[config.loss].classification && !data.targets) {
    throw new DataError(
      `${config.loss} needs regression targets (y0, y1, … columns), the data has class labels`,
      'use --loss ce',
    );
  }
  if (!data.labels && !data.targets)
    throw new DataError('the data has no targets (a label column or y0, y1, … columns)');
  if (data.outputs !== outputs) {
    throw new DataError(
      `the data has ${data.outputs} ${data.labels ? 'classes' : 'target columns'}, ${where} has ${outputs} outputs`,
    );
  }
}

/** The forward passes (validation, a trained `Model`) of a native run stay on the WebAssembly kernels for now. */
function forwardKernelsOf(kernels: KernelBackend): ForwardKernelChoice {
  return kernels === 'native' ? 'wasm' : kernels;
}
