import type { FloatArray } from '../dtype.js';
import type { OptimizerConfig, ResolvedOptimizerConfig } from './optimizer-config.js';
import { type OptimizerDefinition, UPDATE_CONSTANTS, type UpdateLoop } from './optimizer-definition.js';
import type { OptimizerKind } from './optimizer-kinds.js';
import { OPTIMIZERS, optimizerDefinition, resolveOptimizer } from './optimizer-table.js';

/** Where an optimizer's element loops run: TypeScript ({@link TS_OPTIMIZER_BACKEND}) or WebAssembly (`WasmSliceUpdate`). */
export interface OptimizerBackend {
  /** The element loop of `kind` on this backend; asked once, when an {@link Optimizer} is made. */
  loopFor(kind: OptimizerKind): UpdateLoop;
}

/** The element loops on plain typed arrays: the reference the WebAssembly ones match bit for bit. */
export const TS_OPTIMIZER_BACKEND: OptimizerBackend = {
  loopFor: (kind) => OPTIMIZERS[kind].loop,
};

/** Buffers holding the committed parameters and state, for an update written elsewhere. */
export interface UpdateSource {
  /** The current parameters. */
  readonly params: FloatArray;
  /** The current optimizer state. */
  readonly state: FloatArray;
}

/**
 * A configured optimizer over a flat parameter vector of `paramCount` values. The config is
 * checked and its defaults filled in once, here; {@link Optimizer.update} then only derives the
 * step's constants (once per step) and runs the element loop: no checks, no allocation.
 */
export class Optimizer {
  /** The config with every default filled in (what a checkpoint saves); its lr is the current one. */
  get config(): ResolvedOptimizerConfig {
    return this.config_;
  }
  private config_: ResolvedOptimizerConfig;
  /** Elements of state the optimizer needs: pass `state` buffers of at least this length. */
  readonly stateSize: number;
  private readonly definition: OptimizerDefinition;
  private readonly loop: UpdateLoop;
  private readonly constants = new Float64Array(UPDATE_CONSTANTS);
  private constantsStep = 0;

  /** Throws an `Error` naming the first invalid option or a bad `paramCount`. */
  constructor(
    config: OptimizerConfig,
    /** Parameters in the flat vector. */
    readonly paramCount: number,
    backend: OptimizerBackend = TS_OPTIMIZER_BACKEND,
  ) {
    if (!(Number.isSafeInteger(paramCount) && paramCount >= 0)) {
      throw new Error(`optimizer: paramCount must be a non-negative integer, got ${paramCount}`);
    }
    this.config_ = resolveOptimizer(config);
    this.definition = optimizerDefinition(this.config.kind);
    this.stateSize = this.definition.stateSlots * paramCount;
    this.loop = backend.loopFor(this.config.kind);
  }

  /**
   * Sets the lr of the updates that follow (a schedule's, between epochs); the other settings stay.
   * Once per run of steps, not per step: a changed lr copies the config.
   */
  setLearningRate(lr: number): void {
    if (lr === this.config_.lr) return;
    if (!(Number.isFinite(lr) && lr > 0))
      throw new Error(`optimizer: lr must be a positive number, got ${lr}`);
    this.config_ = { ...this.config_, lr };
    this.constantsStep = 0;
  }

  /** Throws unless the buffers are long enough for {@link Optimizer.update}; check each set once. */
  checkBuffers(params: FloatArray, grad: FloatArray, state: FloatArray): void {
    const { paramCount, stateSize } = this;
    if (params.length < paramCount || grad.length < paramCount) {
      throw new Error(
        `optimizer: params (${params.length}) and grad (${grad.length}) must hold paramCount (${paramCount}) values`,
      );
    }
    if (state.length < stateSize) {
      throw new Error(`optimizer: ${this.config.kind} needs ${stateSize} state values, got ${state.length}`);
    }
  }

  /**
   * Applies update number `step` (1-based, counting this one: Adam's bias correction) to
   * params[from, to) from grad[from, to) (grad is not modified), reading and writing the matching
   * slice of `state`. With `source`, the current parameters and state are read from there and the
   * updated ones written to `params` and `state`: one pass, for callers that keep the committed
   * values (double buffering). The caller guarantees 0 ≤ from ≤ to ≤ paramCount and buffers that
   * passed {@link Optimizer.checkBuffers}.
   */
  update(
    params: FloatArray,
    grad: FloatArray,
    state: FloatArray,
    step: number,
    from: number,
    to: number,
    source?: UpdateSource,
  ): void {
    if (step !== this.constantsStep) {
      this.definition.deriveConstants(this.config, step, this.constants);
      this.constantsStep = step;
    }
    const sourceParams = source === undefined ? params : source.params;
    const sourceState = source === undefined ? state : source.state;
    this.loop(this.constants, params, grad, state, this.paramCount, from, to, sourceParams, sourceState);
  }
}
