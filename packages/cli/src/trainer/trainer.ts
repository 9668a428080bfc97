// The Trainer: a training run driven step by step or epoch by epoch, from set-up to close.

import {
  type Dataset,
  type FloatArray,
  LOSSES,
  type Mlp,
  type ResolvedOptimizerConfig,
  type Rng,
} from '@shardwise/core';
import type { DataParallelEngine } from '@shardwise/worker';
import type { DataDescription } from '../checkpoint/columns-metadata.js';
import type { Model } from '../model/model.js';
import { standardizedCopy, withStandardizedX } from '../model/standardization.js';
import { abortError } from './abort-error.js';
import type { BestEpoch } from './best-epoch.js';
import { createRun, type RunSetUp } from './create-run.js';
import { checkLossFinite, checkParametersFinite } from './divergence-checks.js';
import { EpochAccumulator } from './epoch-accumulator.js';
import { EpochControls, type StopReason } from './epoch-controls.js';
import { LIBRARY_NAMING, type OptionNaming } from './option-naming.js';
import type { DataPreparation } from './prepare-run-data.js';
import type { ResolvedTrainOptions } from './resolve-options.js';
import type { EpochPosition } from './resume-settings.js';
import { type RunConfiguration, runConfigurationOf } from './run-configuration.js';
import { RunForward } from './run-forward.js';
import { saveTrainerCheckpoint } from './save-trainer-checkpoint.js';
import { StepRunner } from './step-runner.js';
import type { EpochMetrics, StepMetrics, TrainOptions } from './train-options.js';
import { summaryOf, type TrainerSummary } from './trainer-summary.js';

export type { TrainerSummary } from './trainer-summary.js';

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
  /** Told about each recovered worker failure (the CLI prints it as a warning). */
  onRetry: ((message: string) => void) | undefined;
  private readonly options: ResolvedTrainOptions;
  private readonly mlp: Mlp;
  private readonly engine: DataParallelEngine;
  private readonly optimizer: ResolvedOptimizerConfig;
  private readonly rng: Rng;
  private readonly train: Dataset;
  private readonly validation: Dataset | null;
  private readonly preparation: DataPreparation;
  private readonly description: DataDescription;
  private readonly history_: EpochMetrics[];
  private epochsDone_: number;
  private readonly epoch_ = new EpochAccumulator();
  private readonly steps: StepRunner;
  private readonly forward: RunForward;
  private readonly controls: EpochControls;
  private stopRequested = false;
  private aborted = false;
  private closed = false;
  private readonly onAbort = () => {
    this.aborted = true;
    this.requestStop();
  };

  private constructor(
    run: RunSetUp,
    private readonly callbacks: Pick<TrainOptions, 'onEpoch' | 'onStep' | 'signal'>,
  ) {
    this.options = run.options;
    this.mlp = run.mlp;
    this.engine = run.engine;
    this.optimizer = run.optimizer;
    this.rng = run.rng;
    this.train = run.train;
    this.validation = run.validation;
    this.preparation = run.preparation;
    this.epochsTotal = this.options.epochs;
    this.history_ = [...(run.training?.history ?? [])];
    this.epochsDone_ = run.training?.epoch ?? 0;
    this.summary = summaryOf(run);
    this.steps = new StepRunner(this.engine, {
      maxRetries: this.options.maxRetries,
      out: this.options.out,
      chunked: Boolean(callbacks.onStep),
      onRetry: (message) => this.onRetry?.(message),
    });
    this.description = run.description;
    this.forward = new RunForward(this.mlp, this.engine, this.preparation.standardization, run.description);
    this.controls = new EpochControls(
      this.options,
      this.optimizer.lr,
      this.engine.parameters,
      run.training,
      run.source,
    );
    callbacks.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Loads the data (and checkpoint), builds the model and starts the worker pool. `naming` spells
   * options in notices and errors (the CLI passes its flag spelling); leave it out.
   */
  static async create(options: TrainOptions = {}, naming: OptionNaming = LIBRARY_NAMING): Promise<Trainer> {
    const run = await createRun(options, naming, (message) => options.onNotice?.(message));
    const trainer = new Trainer(run, options);
    if (run.position) trainer.continueEpochAt(run.position);
    if (trainer.controls.stopped && trainer.epochsDone_ < trainer.epochsTotal) {
      const flag = naming.option('earlyStopping');
      options.onNotice?.(
        `${run.source} stopped early (${flag}) after epoch ${trainer.epochsDone_}; nothing to train unless ${flag} is raised`,
      );
    }
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

  /** True once a stop was requested (or the signal aborted) or early stopping ended the run: no more steps will run. */
  get stopped(): boolean {
    return this.stopRequested || this.controls.stopped;
  }

  /** Why the run ended before `epochsTotal`: `'early-stopping'`, `'requested'` (requestStop, abort), or null. */
  get stopReason(): StopReason | null {
    return this.controls.stopped ? 'early-stopping' : this.stopRequested ? 'requested' : null;
  }

  /** The epoch with the lowest validation loss so far (tracked with `earlyStopping` or `restoreBest`), else null. */
  get bestEpoch(): BestEpoch | null {
    return this.controls.best;
  }

  /** The run's configuration with every default resolved (the CLI's `--json` start record). */
  get configuration(): RunConfiguration {
    const s = this.summary;
    return runConfigurationOf(this.options, {
      ...s,
      kernels: this.engine.kernels,
      model: this.mlp.config,
      optimizer: this.optimizer,
    });
  }

  /** The lr of the epoch under way, or of the next one between epochs (set by `lrSchedule`). */
  get lr(): number {
    return this.epoch_.step > 0 ? this.engine.lr : this.controls.lr;
  }

  /**
   * The current parameters as a standalone model (a copy, unchanged by further training; its
   * first `predict`/`evaluate` sets up its own forward runner). `evaluate` and `predict` on the
   * trainer itself reuse one runner instead.
   */
  get model(): Model {
    return this.forward.standalone();
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
    // Across MPI ranks the stop waits for the next exchange, where every rank agrees on its step.
    if (!this.engine.exchange.crossesProcesses) this.stopRequested = true;
    this.engine.requestStop();
  }

  /** Trains one step (a batch); completes the epoch's bookkeeping when it was the last. */
  async step(): Promise<StepMetrics> {
    this.assertCanTrain();
    if (this.epoch_.step === 0) this.beginEpoch();
    const step = this.epoch_.step;
    await this.runSteps(step + 1);
    const metrics = this.stepMetrics(step);
    if (this.epoch_.step === this.stepsPerEpoch) await this.finishEpoch();
    return metrics;
  }

  /** Trains the rest of the current epoch (a whole one when none is under way). */
  async epoch(): Promise<EpochMetrics> {
    this.assertCanTrain();
    if (this.epoch_.step === 0) this.beginEpoch();
    await this.runSteps(this.stepsPerEpoch);
    if (this.epoch_.step < this.stepsPerEpoch) return this.metrics(this.epochsDone_ + 1);
    return await this.finishEpoch();
  }

  /** The remaining epochs, one metrics object each. */
  async *[Symbol.asyncIterator](): AsyncGenerator<EpochMetrics> {
    while (this.epochsDone_ < this.epochsTotal && !this.stopped) yield await this.epoch();
    // An abort between epochs (from onEpoch, say) ends the loop too, but must still reject.
    if (this.aborted) throw abortError(this.callbacks.signal);
  }

  /**
   * Loss and accuracy of the current parameters on `data` (default: the validation rows, else training
   * rows); with `standardize`, `data` is given raw and standardized as the model does.
   */
  evaluate(data?: Parameters<Model['evaluate']>[0]): {
    /** Mean loss over the rows. */
    loss: number;
    /** Fraction of rows classified correctly, in [0, 1] (ce only; absent for mse). */
    accuracy?: number;
  } {
    const s = this.preparation.standardization;
    if (data === undefined) return this.forward.current().evaluate(this.validation ?? this.train);
    return this.forward.current().evaluate(s ? withStandardizedX(s, data, this.mlp.config.dtype) : data);
  }

  /** Outputs of the current parameters for rows × inputs values (raw inputs: standardized as the model does). */
  predict(x: ArrayLike<number>): FloatArray {
    const s = this.preparation.standardization;
    const ok = s !== null && isArrayLikeOfWidth(x, this.mlp.inputs);
    return this.forward.current().predict(ok ? standardizedCopy(s, x, this.mlp.config.dtype, 'x') : x);
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
    // Under MPI every rank holds the same parameters: rank 0 alone writes them.
    if (this.engine.exchange.rank !== 0) return;
    await saveTrainerCheckpoint(path, options.force, {
      options: this.options,
      config: this.mlp.config,
      engine: this.engine,
      optimizer: this.optimizer,
      rng: this.rng,
      epochsDone: this.epochsDone_,
      history: this.history_,
      epoch: this.epoch_,
      preparation: this.preparation,
      description: this.description,
      controls: this.controls,
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
    this.epoch_.continueAt(position);
  }

  private beginEpoch(): void {
    const order = this.engine.order;
    // From the identity each epoch, so the order depends only on the RNG position: a resumed run
    // shuffles exactly as an uninterrupted one.
    for (let i = 0; i < order.length; i++) order[i] = i;
    const startRng = this.rng.getState();
    if (this.options.shuffle) this.rng.shuffle(order);
    this.epoch_.begin(startRng);
    this.engine.setLearningRate(this.controls.lr);
  }

  private async runSteps(end: number): Promise<void> {
    while (this.epoch_.step < end && !this.stopRequested) {
      const first = this.epoch_.step;
      const done = await this.steps.runChunk(this.epoch_, end, this.epochsDone_ + 1);
      for (let s = first; s < first + done; s++) this.recordStep(s);
      this.epoch_.step = first + done;
      if (this.engine.stopAgreed) this.stopRequested = true;
    }
    if (this.aborted) throw abortError(this.callbacks.signal);
  }

  private recordStep(step: number): void {
    const loss = this.engine.stepLoss(step);
    checkLossFinite(loss, this.epochsDone_ + 1, step + 1, this.optimizer.lr);
    this.epoch_.add(loss, this.engine.stepCorrect(step), this.stepRows(step));
    this.callbacks.onStep?.(this.stepMetrics(step));
  }

  private stepRows(step: number): number {
    return Math.min(this.options.batchSize, this.train.rows - step * this.options.batchSize);
  }

  private stepMetrics(step: number): StepMetrics {
    return {
      epoch: this.epochsDone_ + 1,
      step,
      steps: this.stepsPerEpoch,
      globalStep: this.engine.globalStep,
      lr: this.engine.lr,
      loss: this.engine.stepLoss(step),
      ...(LOSSES[this.mlp.config.loss].classification && {
        accuracy: this.engine.stepCorrect(step) / this.stepRows(step),
      }),
    };
  }

  /** See `checkParametersFinite`: the epoch named is the one under way, else the last done. */
  private checkParametersFinite(): void {
    const epoch = this.epochsDone_ + (this.epoch_.step > 0 ? 1 : 0);
    checkParametersFinite(this.engine.parameters, epoch, this.options, this.optimizer.lr);
  }

  private async finishEpoch(): Promise<EpochMetrics> {
    this.checkParametersFinite();
    this.epochsDone_++;
    this.epoch_.step = 0;
    const metrics = this.metrics(this.epochsDone_);
    this.history_.push(metrics);
    this.controls.afterEpoch(metrics, this.engine.parameters);
    if (this.controls.stopped || this.epochsDone_ >= this.epochsTotal) {
      this.controls.finish(this.engine);
      this.forward.parametersReplaced();
    }
    const { out, saveEvery } = this.options;
    if (out !== undefined && saveEvery !== undefined && this.epochsDone_ % saveEvery === 0)
      await this.save(out);
    this.callbacks.onEpoch?.(metrics);
    return metrics;
  }

  private metrics(epoch: number): EpochMetrics {
    const validation = this.validation ? this.forward.validate(this.validation) : null;
    const classification = LOSSES[this.mlp.config.loss].classification;
    return {
      ...this.epoch_.metrics(epoch, this.stepsPerEpoch, classification, validation),
      lr: this.engine.lr,
    };
  }

  private assertCanTrain(): void {
    if (this.closed) throw new Error('the trainer is closed');
    if (this.aborted) throw abortError(this.callbacks.signal);
    if (this.controls.stopped && this.epoch_.step === 0)
      throw new RangeError(`the run stopped early after epoch ${this.epochsDone_} (earlyStopping)`);
    if (this.epochsDone_ >= this.epochsTotal && this.epoch_.step === 0) {
      throw new RangeError(`all ${this.epochsTotal} epochs are done`);
    }
  }
}

/** True for an array whose length is a whole number of rows (else the model reports the shape). */
function isArrayLikeOfWidth(x: ArrayLike<number>, width: number): boolean {
  return typeof x === 'object' && x !== null && typeof x.length === 'number' && x.length % width === 0;
}
