import { loadNativeBlas, type NativeBlasInfo } from '@shardwise/blas';
import {
  checkDropoutConfig,
  createMlp,
  type DropoutConfig,
  dropsAnything,
  type FloatArray,
  type GemmFn,
  type Mlp,
  type MlpConfig,
  type OptimizerConfig,
  optimizerStateSize,
  processKernels,
  type RowSource,
  resolveOptimizer,
  type SimdVariant,
  viewOf,
  WASM_GEMM_SCRATCH_BYTES,
  WebAssembly,
  workspaceByteLength,
} from '@shardwise/core';
import type { Piscina } from 'piscina';
import { halted, releaseBarrier, wakeAll } from './barrier.js';
import { Control, committedBuffer, FaultKind, FaultPhase, runLrView } from './control.js';
import { type GradientExchange, IN_PROCESS_EXCHANGE } from './gradient-exchange.js';
import { shardStart } from './shard-planner.js';
import { mapSharedViews, planSharedLayout, SHARD_STAT_FIELDS, type SharedViews } from './shared-layout.js';
import { startPiscina } from './start-piscina.js';
import { defaultStepTimeout, STEP_TIMEOUT_FLOOR_SECONDS } from './step-timeout.js';
import { WorkerFailureError } from './worker-failure-error.js';
import type { WorkerTask } from './worker-task.js';
import type { WorkerThreads } from './worker-threads.js';

/** What {@link DataParallelEngine.create} needs: the network, the rows and how to split the work. */
export interface EngineOptions {
  /** The network to train. */
  readonly mlp: MlpConfig;
  /** Training rows; copied once into shared memory. */
  readonly data: RowSource & {
    /** Number of training rows. */
    readonly rows: number;
  };
  /** Rows per step, split across the workers. */
  readonly batchSize: number;
  /** Worker threads in the pool (a positive integer, fixed for the engine's life). */
  readonly workers: number;
  /** The optimizer the threads apply after each step. */
  readonly optimizer: OptimizerConfig;
  /**
   * Logical shards of every batch (a positive integer; default `workers`): the batch is split into
   * this many contiguous shards, each with its own gradient slot, and the slots are summed in shard
   * order, so any number of workers with the same `shards` gives bit-identical parameters. Workers
   * take contiguous runs of shards (with fewer shards than workers, some only reduce and update).
   */
  readonly shards?: number;
  /**
   * The kernels the workers run: 'ts' (TypeScript on typed arrays, the reference), 'wasm'
   * (WebAssembly SIMD, in place over the run's shared memory), or 'native' (the GEMMs on the
   * system's CBLAS through @shardwise/blas, in place over the same memory, and the rest of the
   * step on the WebAssembly kernels). Default 'ts'.
   */
  readonly kernels?: KernelBackend;
  /**
   * The watchdog: seconds the run may go without any worker finishing a phase of a step (its shard
   * gradient, or its slice of the reduction and update) before the worker left behind counts as
   * hung; its threads are then ended and `run` rejects with WorkerFailureError, as for a crash.
   * 0 turns the watchdog off. Default {@link defaultStepTimeout}: at least 10 minutes, more for big
   * steps. Threads starting up get at least 10 minutes whatever the value.
   */
  readonly stepTimeout?: number;
  /**
   * Dropout on the hidden layers in training steps (core's dropout.ts): a rate per hidden layer and
   * the seed of the masks, which depend only on (seed, global step, row id, layer, unit), so any
   * worker count derives the same ones. Default none; all rates 0 is the same as none.
   */
  readonly dropout?: DropoutConfig;
  /**
   * How the shards reach every process (default IN_PROCESS_EXCHANGE: they are all computed here).
   * With MpiGradientExchange this process computes only its rank's shards, and `combine` runs on
   * the thread that creates the engine, which must be the one that initialised MPI.
   */
  readonly exchange?: GradientExchange;
  /** Limits of each worker thread (heap sizes in MB, as for `new Worker`); one that exceeds them dies. */
  readonly resourceLimits?: {
    readonly maxOldGenerationSizeMb?: number;
    readonly maxYoungGenerationSizeMb?: number;
  };
  /**
   * Threads started ahead (`new WorkerThreads(workers, resourceLimits)`, the same values as here),
   * so that their start-up overlaps loading the data; the engine takes them over and ends them on
   * `close`. Default: the engine starts its own.
   */
  readonly threads?: WorkerThreads;
}

/** Kernel backends of the engine. */
export type KernelBackend = 'ts' | 'wasm' | 'native';

/** Largest shared WebAssembly memory: 65536 pages of 64 KiB (4 GiB, the wasm32 address space). */
const MAX_WASM_PAGES = 65536;

/**
 * The data-parallel engine: a fixed pool of worker threads over one SharedArrayBuffer holding the
 * training rows, parameters, optimizer state and gradient slots. `run` trains a range of the
 * epoch's batches; the threads step through it on their own, synchronised by Atomics barriers.
 */
export class DataParallelEngine {
  /** The network's shape, from `options.mlp`. */
  readonly mlp: Mlp;
  /** Worker threads in the pool. */
  readonly workers: number;
  /** Rows per step. */
  readonly batchSize: number;
  /** Logical shards of every batch (see EngineOptions.shards). */
  readonly shards: number;
  /** Training rows held in shared memory. */
  readonly rows: number;
  /** The kernels the workers run. */
  readonly kernels: KernelBackend;
  /** The watchdog's step timeout in seconds (Infinity when off); see EngineOptions.stepTimeout. */
  readonly stepTimeout: number;
  /** How the shards reach every process (see EngineOptions.exchange). */
  readonly exchange: GradientExchange;
  /** A stop asked for here, not yet agreed with the other processes (see GradientExchange.combine). */
  private stopWanted = false;
  /** The exchange's error, if it failed (the run then ends with it). */
  private exchangeFailure: unknown = null;
  private readonly views: SharedViews;
  private pool: Piscina;
  private tasks: Promise<void>[];
  private readonly taskTemplate: Omit<WorkerTask, 'index' | 'runGeneration' | 'shardRange'>;
  private readonly resourceLimits: EngineOptions['resourceLimits'];
  private failure: WorkerFailureError | null = null;
  private reportFailure: () => void = () => {};
  private failed = new Promise<void>((resolve) => {
    this.reportFailure = resolve;
  });
  private closed = false;
  private running = false;
  private lr_: number;
  /** Set when the watchdog gave up on a worker: its thread must be ended, it will not return. */
  private hung = false;

  private constructor(options: EngineOptions) {
    const { data, workers, batchSize } = options;
    if (!Number.isInteger(workers) || workers < 1)
      throw new RangeError(`workers must be a positive integer, got ${workers}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    this.exchange = options.exchange ?? IN_PROCESS_EXCHANGE;
    const shards = options.shards ?? workers * this.exchange.ranks;
    if (!Number.isInteger(shards) || shards < 1)
      throw new RangeError(`shards must be a positive integer, got ${shards}`);
    resolveOptimizer(options.optimizer);
    this.mlp = createMlp(options.mlp);
    if (options.dropout) checkDropoutConfig(options.dropout, this.mlp.config.sizes.length - 2);
    const dropout = dropsAnything(options.dropout?.rates) ? options.dropout! : null;
    const timeout = options.stepTimeout ?? defaultStepTimeout(this.mlp.layout.count, batchSize, workers);
    if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout < 0)
      throw new RangeError(`stepTimeout must be a number of seconds ≥ 0 (0: none), got ${timeout}`);
    this.stepTimeout = timeout === 0 ? Number.POSITIVE_INFINITY : timeout;
    this.kernels = options.kernels ?? 'ts';
    if (this.kernels === 'native') nativeGemmOrThrow();
    const wasm = this.kernels === 'wasm' || this.kernels === 'native' ? kernelModule() : null;
    this.workers = workers;
    this.batchSize = batchSize;
    this.shards = shards;
    this.rows = data.rows;
    const paramCount = this.mlp.layout.count;
    const shape = {
      dtype: options.mlp.dtype,
      workers,
      shards,
      paramCount,
      stateSize: optimizerStateSize(options.optimizer.kind, paramCount),
      rows: data.rows,
      features: data.features,
      outputs: data.outputs,
      hasLabels: data.labels !== null,
      hasTargets: data.targets !== null,
      maxSteps: Math.max(1, Math.ceil(data.rows / batchSize)),
      // Each worker computes its shards one after another in one workspace of a shard's rows.
      workspaceBytes: wasm ? workspaceByteLength(this.mlp, Math.ceil(batchSize / shards), dropout?.rates) : 0,
      // The GEMM's scratch, then the step's shard weights (float64, 16-byte aligned).
      scratchBytes: wasm ? WASM_GEMM_SCRATCH_BYTES + Math.ceil((8 * shards) / 16) * 16 : 0,
    };
    const layout = planSharedLayout(shape);
    const memory = wasm ? sharedWasmMemory(layout.byteLength) : null;
    const buffer = memory ? (memory.buffer as SharedArrayBuffer) : new SharedArrayBuffer(layout.byteLength);
    this.views = mapSharedViews(buffer, layout);
    const allSlots = layout.regions.slots;
    this.exchange.attach(
      viewOf(shape.dtype, buffer, allSlots.byteOffset, allSlots.length),
      this.views.shardStats,
      shards,
      SHARD_STAT_FIELDS,
    );
    this.views.x.set(data.x);
    if (data.labels) this.views.labels!.set(data.labels);
    if (data.targets) this.views.targets!.set(data.targets);
    for (let i = 0; i < data.rows; i++) this.views.order[i] = i;
    Atomics.store(this.views.control, Control.faultWorker, -1);
    this.lr_ = resolveOptimizer(options.optimizer).lr;
    runLrView(this.views.control)[0] = this.lr_;

    this.resourceLimits = options.resourceLimits;
    this.taskTemplate = {
      buffer,
      shape,
      mlp: this.mlp.config,
      optimizer: options.optimizer,
      batchSize,
      dropout: dropout && { rates: [...dropout.rates], seed: dropout.seed },
      wasm: memory && wasm ? { memory, module: wasm } : null,
      nativeGemm: this.kernels === 'native',
      exchangeAcrossProcesses: this.exchange.crossesProcesses,
    };
    // take() hands over the piscina pool, typed opaquely in the public declarations (start-piscina.ts).
    const started = options.threads?.take(workers, this.resourceLimits) as Piscina | null | undefined;
    [this.pool, this.tasks] = this.startPool(started);
  }

  /** A fixed pool of `workers` threads (`started`, or new ones), each running one long-lived task from the next run on. */
  private startPool(started?: Piscina | null): [Piscina, Promise<void>[]] {
    const pool = started ?? startPiscina(this.workers, this.resourceLimits);
    const runGeneration = Atomics.load(this.views.control, Control.runGeneration);
    const tasks = Array.from({ length: this.workers }, (_, index) => {
      // This rank's shards, split over its workers.
      const { rank, ranks } = this.exchange;
      const first = shardStart(this.shards, ranks, rank);
      const count = shardStart(this.shards, ranks, rank + 1) - first;
      const shardRange = [
        first + shardStart(count, this.workers, index),
        first + shardStart(count, this.workers, index + 1),
      ] as const;
      const task: WorkerTask = { ...this.taskTemplate, index, runGeneration, shardRange };
      return (pool.run(task) as Promise<void>).catch((error: unknown) => this.onWorkerFailure(index, error));
    });
    return [pool, tasks];
  }

  /**
   * After a worker failure: replaces every thread and makes the engine usable again. The failed
   * step was never committed, so the parameters, optimizer state and step count are those of the
   * last whole step; run the remaining steps again.
   */
  async restart(): Promise<void> {
    if (!this.failure) throw new Error('restart() is for an engine whose worker failed');
    await this.shutdown();
    const control = this.views.control;
    for (const field of [
      Control.abort,
      Control.shutdown,
      Control.barrierCount,
      Control.workersIdle,
      Control.stopRequested,
    ]) {
      Atomics.store(control, field, 0);
    }
    // The failed step left some workers a barrier ahead of the others: start level again.
    this.views.heartbeats.fill(0);
    this.hung = false;
    this.failure = null;
    this.failed = new Promise<void>((resolve) => {
      this.reportFailure = resolve;
    });
    this.closed = false;
    [this.pool, this.tasks] = this.startPool();
  }

  /**
   * Copies the data into a new SharedArrayBuffer and starts `options.workers` threads; call
   * `load` before the first `run`, and `close` at the end. Throws a RangeError for bad counts.
   */
  static create(options: EngineOptions): DataParallelEngine {
    return new DataParallelEngine(options);
  }

  /** The committed parameters (a view into shared memory; read between runs). */
  get parameters(): FloatArray {
    return this.views.params[committedBuffer(this.globalStep)]!;
  }

  /** The committed optimizer state, laid out like the parameters (see core's optimizers). */
  get optimizerState(): FloatArray {
    return this.views.state[committedBuffer(this.globalStep)]!;
  }

  /** The averaged gradient of the last committed step (after a failed step, partly that step's). */
  get lastGradient(): FloatArray {
    return this.views.reduced;
  }

  /** Optimizer updates committed so far. */
  get globalStep(): number {
    return Atomics.load(this.views.control, Control.globalStep);
  }

  /** The epoch's row order, shuffled by the caller between runs. */
  get order(): Int32Array {
    return this.views.order;
  }

  /** Steps in an epoch over `rows` rows (the last batch may be short). */
  stepsPerEpoch(rows = this.rows): number {
    return Math.ceil(rows / this.batchSize);
  }

  /**
   * Seconds per phase since the last reset, averaged over the workers: computing shard gradients,
   * waiting at the two barriers per step, and reducing the gradient + applying the optimizer.
   */
  phaseSeconds(): { compute: number; sync: number; reduceUpdate: number; exchange: number } {
    const t = this.views.phaseSeconds;
    let compute = 0;
    let sync = 0;
    let reduceUpdate = 0;
    for (let w = 0; w < this.workers; w++) {
      compute += t[3 * w]!;
      sync += t[3 * w + 1]!;
      reduceUpdate += t[3 * w + 2]!;
    }
    return {
      compute: compute / this.workers,
      sync: sync / this.workers,
      reduceUpdate: reduceUpdate / this.workers,
      // Within `sync` (the workers wait at the compute barrier while it runs).
      exchange: this.exchange.seconds(),
    };
  }

  /** Zeroes the phase timers (between runs). */
  resetPhaseSeconds(): void {
    this.assertIdle();
    this.views.phaseSeconds.fill(0);
    this.exchange.resetSeconds();
  }

  /** The lr the next run's updates use (the optimizer's, unless `setLearningRate` changed it). */
  get lr(): number {
    return this.lr_;
  }

  /**
   * Sets the lr of the updates from the next run on (between runs; e.g. a schedule's, per epoch).
   * Written to shared memory; each worker reads it as a run starts: no message, nothing per step.
   */
  setLearningRate(lr: number): void {
    this.assertIdle();
    if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`lr must be a positive number, got ${lr}`);
    this.lr_ = lr;
    runLrView(this.views.control)[0] = lr;
  }

  /** Loads parameters, optimizer state and update count (initialisation or resume). */
  load(params: ArrayLike<number>, state?: ArrayLike<number>, globalStep = 0): void {
    this.assertIdle();
    Atomics.store(this.views.control, Control.globalStep, globalStep);
    const cur = committedBuffer(globalStep);
    this.views.params[cur]!.set(params);
    if (state) this.views.state[cur]!.set(state);
    else this.views.state[cur]!.fill(0);
  }

  /** The mean loss and correct count of step `step` of the last run. */
  stepLoss(step: number): number {
    return this.views.stepStats[2 * step]!;
  }

  /** Rows classified correctly in step `step` of the last run (0 for mse). */
  stepCorrect(step: number): number {
    return this.views.stepStats[2 * step + 1]!;
  }

  /**
   * Whether the last run ended early because a stop was agreed at the exchange (asked for on any
   * rank): every rank stops after the same step, and should then stop for good, as asked.
   */
  get stopAgreed(): boolean {
    return this.exchange.crossesProcesses && Atomics.load(this.views.control, Control.stopRequested) !== 0;
  }

  /**
   * Asks a running `run` to stop after the step in progress. Across processes, after the step
   * whose exchange comes next (that of the next run when none is running), the same on every rank.
   */
  requestStop(): void {
    // Across processes a stop takes effect only once every rank agrees on the step (at the exchange).
    if (this.exchange.crossesProcesses) this.stopWanted = true;
    else Atomics.store(this.views.control, Control.stopRequested, 1);
  }

  /**
   * Trains steps [firstStep, endStep) of the epoch over the current `order`; resolves with the
   * number of steps committed (fewer when a stop was requested). Rejects with WorkerFailureError
   * if a worker fails or hangs (see `stepTimeout`); that step is not applied and the engine is
   * closed (`restart` makes it usable again).
   */
  async run(firstStep: number, endStep: number): Promise<number> {
    this.assertIdle();
    const control = this.views.control;
    const last = this.stepsPerEpoch();
    if (
      !(
        Number.isInteger(firstStep) &&
        Number.isInteger(endStep) &&
        0 <= firstStep &&
        firstStep <= endStep &&
        endStep <= last
      )
    ) {
      throw new RangeError(`steps must satisfy 0 ≤ first ≤ end ≤ ${last}, got [${firstStep}, ${endStep})`);
    }
    if (firstStep === endStep) return 0;
    const before = this.globalStep;
    Atomics.store(control, Control.epochRows, this.rows);
    Atomics.store(control, Control.runFirstStep, firstStep);
    Atomics.store(control, Control.runEndStep, endStep);
    Atomics.store(control, Control.stopRequested, 0);
    Atomics.store(control, Control.exchangeRequested, 0);
    Atomics.store(control, Control.workersIdle, 0);
    Atomics.store(control, Control.workersJoined, 0);
    const done = Atomics.load(control, Control.doneGeneration);
    this.running = true;
    Atomics.add(control, Control.runGeneration, 1);
    Atomics.notify(control, Control.runGeneration);
    try {
      await this.awaitRunEnd(done);
      // A worker that threw raised the abort flag before its rejection reached this thread
      // through piscina: wait for the rejection, which carries the worker's message.
      if (Atomics.load(control, Control.abort) !== 0) await this.failed;
    } finally {
      this.running = false;
    }
    if (this.failure) {
      await this.shutdown();
      throw this.failure;
    }
    if (this.exchangeFailure !== null) throw this.exchangeFailure;
    return this.globalStep - before;
  }

  /**
   * Test-only: makes worker `worker` fail at global step `step` (1-based), in `phase` of that step
   * (default 'start'; in 'commit' and 'committed' whichever worker commits fails), in the way
   * `kind` says (see FaultKind).
   */
  injectFault(
    worker: number,
    step: number,
    kind: Exclude<keyof typeof FaultKind, 'none'>,
    phase: Exclude<keyof typeof FaultPhase, 'none'> = 'start',
  ): void {
    const control = this.views.control;
    Atomics.store(control, Control.faultKind, FaultKind[kind]);
    Atomics.store(control, Control.faultStep, step);
    Atomics.store(control, Control.faultWorker, worker);
    // Armed last: the step loop reads the other fields only once the phase matches.
    Atomics.store(control, Control.faultPhase, FaultPhase[phase]);
  }

  /** Ends every worker thread, also one that hangs or is mid-run (that run then ends). Safe to call twice. */
  async close(): Promise<void> {
    await this.shutdown();
  }

  private async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.views.control, Control.shutdown, 1);
    wakeAll(this.views.control);
    // A hung thread never returns from its task, and a run in progress may be waiting on one:
    // end the threads first (their tasks then reject).
    if (this.hung || this.running) await this.pool.destroy();
    await Promise.allSettled(this.tasks);
    await this.pool.destroy();
  }

  /**
   * Waits for the workers to finish the run; meanwhile, the watchdog: when no worker has passed a
   * barrier for `stepTimeout` seconds (threads still starting up: at least 10 minutes), the one
   * left furthest behind is reported as failed.
   */
  private async awaitRunEnd(done: number): Promise<void> {
    const control = this.views.control;
    const timeoutMs = this.stepTimeout * 1000;
    const startupMs = Math.max(timeoutMs, STEP_TIMEOUT_FLOOR_SECONDS * 1000);
    const pollMs = Number.isFinite(timeoutMs) ? Math.min(1000, timeoutMs / 4) : Number.POSITIVE_INFINITY;
    let progress = this.heartbeatSum();
    let since = performance.now();
    for (;;) {
      // Read before the checks: a signal given after them changes it, so the wait returns at once.
      const signal = Atomics.load(control, Control.mainSignal);
      if (Atomics.load(control, Control.doneGeneration) !== done) return;
      if (Atomics.load(control, Control.exchangeRequested) !== 0) {
        this.runExchange();
        continue;
      }
      const result = Atomics.waitAsync(control, Control.mainSignal, signal, pollMs);
      if (result.async) await result.value;
      const now = performance.now();
      const beats = this.heartbeatSum();
      if (beats !== progress) {
        progress = beats;
        since = now;
        continue;
      }
      const starting = Atomics.load(control, Control.workersJoined) < this.workers;
      if (now - since >= (starting ? startupMs : timeoutMs)) {
        this.onHang((now - since) / 1000);
        return;
      }
    }
  }

  /**
   * The step's exchange, asked for by the last worker through the compute barrier: fills in the
   * other ranks' shards, agrees on a stop, and releases the workers. A failure aborts the run.
   */
  private runExchange(): void {
    const control = this.views.control;
    Atomics.store(control, Control.exchangeRequested, 0);
    if (!halted(control)) {
      try {
        if (this.exchange.combine(this.stopWanted)) {
          this.stopWanted = false;
          Atomics.store(control, Control.stopRequested, 1);
        }
      } catch (error) {
        this.exchangeFailure = error;
        Atomics.store(control, Control.abort, 1);
        wakeAll(control);
        this.reportFailure();
        return;
      }
    }
    releaseBarrier(control);
  }

  private heartbeatSum(): number {
    let sum = 0;
    for (let w = 0; w < this.workers; w++) sum += Atomics.load(this.views.heartbeats, w);
    return sum;
  }

  /** The watchdog's verdict: the worker with the fewest barriers passed is the hung one. */
  private onHang(seconds: number): void {
    const beats = this.views.heartbeats;
    let worker = 0;
    for (let w = 1; w < this.workers; w++) {
      if (Atomics.load(beats, w) < Atomics.load(beats, worker)) worker = w;
    }
    this.hung = true;
    this.onWorkerFailure(
      worker,
      new Error(`no progress for ${seconds.toFixed(1)} s, past the step timeout of ${this.stepTimeout} s`),
      this.stepTimeout,
    );
  }

  private onWorkerFailure(worker: number, error: unknown, stepTimeout?: number): void {
    // Threads ended by close() (or by the shutdown after a failure) are not failures of their own.
    if (this.closed) return;
    if (!this.failure) {
      const message = error instanceof Error ? error.message : String(error);
      this.failure = new WorkerFailureError(`worker ${worker} failed: ${message}`, worker, {
        cause: error,
        ...(stepTimeout !== undefined && { stepTimeout }),
      });
    }
    Atomics.store(this.views.control, Control.abort, 1);
    wakeAll(this.views.control);
    this.reportFailure();
  }

  private assertIdle(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the engine is closed');
    if (this.running) throw new Error('the engine is already running steps');
  }
}

/** Whether this Node.js runs the WebAssembly SIMD kernels (what `kernels: 'auto'` picks by). */
export function wasmKernelsAvailable(): boolean {
  return processKernels() !== null;
}

/**
 * Which build of the WebAssembly kernels runs here (core's `processKernels`): relaxed SIMD where
 * this Node.js validates it, plain SIMD otherwise, null without SIMD.
 */
export function wasmKernelVariant(): SimdVariant | null {
  return processKernels()?.variant ?? null;
}

/** The kernels compiled once per process (a Module is shared with every worker), or a clear error. */
function kernelModule(): WebAssembly.Module {
  const kernels = processKernels();
  if (!kernels) {
    throw new Error(
      'WebAssembly SIMD is not supported by this Node.js: use the TypeScript kernels (kernels: "ts")',
    );
  }
  return kernels.module;
}

/**
 * Why `kernels: 'native'` cannot run here, in one line naming what to install, or null where it
 * can: it needs the CBLAS addon of @shardwise/blas and, for the rest of the step, WebAssembly SIMD.
 */
export function nativeKernelsUnavailable(): string | null {
  const { reason } = loadNativeBlas();
  if (reason !== undefined) return reason;
  if (!wasmKernelVariant())
    return 'WebAssembly SIMD, which runs the rest of the step, is not supported by this Node.js';
  return null;
}

/** Which CBLAS `kernels: 'native'` runs on (vendor and, for OpenBLAS, its kernels), or null where it cannot. */
export function nativeKernelsInfo(): NativeBlasInfo | null {
  return loadNativeBlas().blas?.info ?? null;
}

/** The native CBLAS GEMM, loaded in this thread (forward passes outside the engine), or null where it cannot run. */
export function nativeGemm(): GemmFn | null {
  return loadNativeBlas().blas?.gemm ?? null;
}

function nativeGemmOrThrow(): void {
  const reason = nativeKernelsUnavailable();
  if (reason !== null) throw new Error(`kernels native: ${reason}`);
}

/** A shared memory of at least `bytes`, or a clear error where the run cannot fit in 4 GiB. */
function sharedWasmMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.ceil(bytes / 65536);
  if (pages > MAX_WASM_PAGES) {
    const gib = (bytes / 2 ** 30).toFixed(1);
    throw new RangeError(
      `the run needs ${gib} GiB of shared memory, more than the 4 GiB WebAssembly can address: use the TypeScript kernels (--kernels ts) or less data`,
    );
  }
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}
