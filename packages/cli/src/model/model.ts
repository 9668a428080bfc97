/**
 * A trained network as a plain value: predict, evaluate and save without the trainer, its
 * worker threads or its options.
 */

import {
  allocate,
  createMlp,
  type FloatArray,
  LOSSES,
  type Mlp,
  type MlpConfig,
  parameterLayout,
} from '@shardwise/core';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/checkpoint.js';
import { DataError, UsageError } from '../errors.js';
import { classNamesProblem } from '../io/class-names.js';
import type { ColumnMapping } from '../io/column-selection.js';
import { argmaxAt } from '../output/prediction-csv.js';
import type { ArrayData } from './array-data.js';
import { type EvaluationMetrics, metricsGathererFor } from './evaluation-metrics.js';
import { createForwardRunner, type ForwardRunner } from './forward-runner.js';
import type { ForwardKernelChoice } from './kernel-choice.js';
import { isArrayLike, toFloatArray } from './numeric-arrays.js';
import { type ArrayRowSource, toRowSource } from './row-source-from-arrays.js';
import {
  type Standardization,
  standardizationIn,
  standardizedCopy,
  withStandardizedX,
} from './standardization.js';

/** Rows already in memory, e.g. a core `Dataset`: typed arrays plus their row and output counts. */
export interface RowTable {
  /** rows × features input values, row-major. */
  readonly x: FloatArray;
  /** Values per row of `x`; must equal the model's `inputs`. */
  readonly features: number;
  /** Integer class per row (classification), or null when the table holds `targets`. */
  readonly labels: Int32Array | null;
  /** rows × outputs target values, row-major (regression or soft/one-hot classes), or null. */
  readonly targets: FloatArray | null;
  /** Number of rows. */
  readonly rows: number;
  /** Output width of the rows (classes, or target values per row); checked against the model when `targets` are used. */
  readonly outputs: number;
}

/** What a Model knows besides its weights: how it runs, and the data it was trained on. */
export interface ModelOptions {
  /** What `predict` and `evaluate` run on; default 'auto' (WebAssembly SIMD where supported). */
  kernels?: ForwardKernelChoice;
  /** Class names, index i for output i (a classifier trained on named labels); default none. */
  classNames?: readonly string[] | null;
  /** The CSV columns the model reads, by name; default none (the x0…/label/y0… convention). */
  columns?: ColumnMapping | null;
  /** Per-feature mean and scale > 0 applied to every input before the first layer; default none. */
  standardization?: Standardization | null;
}

/** Rows per forward chunk: large enough to amortise the call overhead, small enough to keep buffers modest. */
const MAX_CHUNK_ROWS = 1024;
/** Elements per workspace buffer (maxRows × widest layer), so very wide networks use fewer rows per chunk. */
const MAX_CHUNK_ELEMENTS = 1 << 20;

/**
 * A trained network as a plain value: its architecture plus one flat parameter array. Get one
 * from `train()`, `Trainer.model`, `spawnTrainer().train()` or `loadModel`, or build it from
 * a config and parameters. It holds no threads, so there is nothing to close.
 */
export class Model {
  /** The architecture (layer sizes, activations, loss, dtype); frozen. */
  readonly config: MlpConfig;
  /**
   * All weights and biases in one flat array of the config's dtype (the model's own copy): layer by
   * layer, the weights (inputs × outputs, row-major) then the biases, as core's `parameterLayout` says.
   */
  readonly parameters: FloatArray;
  /**
   * Per-feature mean and scale that `predict` and `evaluate` apply to the inputs first
   * (`(x − mean) / scale`), as trained with `standardize`; null when the model takes raw inputs.
   */
  readonly standardization: Standardization | null;
  /** Class names (index i for output i) when the model was trained on named labels; else null. */
  readonly classNames: readonly string[] | null;
  /** The CSV columns (by name) the model reads, when they were chosen by name; else null. */
  readonly columns: ColumnMapping | null;
  private readonly mlp: Mlp;
  private readonly kernels: ForwardKernelChoice;
  private runner: ForwardRunner | null = null;

  /**
   * Copies `parameters` (converting to the config's dtype) after checking the length fits `config`.
   * `options.kernels` picks what `predict` and `evaluate` run on, as `train`'s option does
   * (default 'auto': native where it loads and the layers are large enough, else WebAssembly SIMD
   * where supported; see `resolveKernels`). `options.standardization` (one mean and scale > 0 per
   * input) is applied to every input before the first layer.
   */
  constructor(config: MlpConfig, parameters: FloatArray, options: ModelOptions = {}) {
    this.kernels = options.kernels ?? 'auto';
    try {
      this.mlp = createMlp(config);
    } catch (error) {
      throw new UsageError(`invalid model config: ${(error as Error).message}`);
    }
    const { activation, negativeSlope, loss, outActivation, dtype } = config;
    this.config = Object.freeze({
      sizes: Object.freeze([...config.sizes]),
      activation,
      ...(negativeSlope === undefined ? {} : { negativeSlope }),
      loss,
      outActivation,
      dtype,
      ...(config.classWeights !== undefined && { classWeights: Object.freeze([...config.classWeights]) }),
    });
    const count = parameterLayout(config.sizes).count;
    if (!isArrayLike(parameters) || parameters.length !== count) {
      const got = isArrayLike(parameters) ? `${parameters.length} values` : typeof parameters;
      throw new DataError(
        `model parameters: got ${got}, but sizes ${JSON.stringify(config.sizes)} need ${count}`,
      );
    }
    this.parameters = allocate(config.dtype, count);
    this.parameters.set(parameters);
    this.standardization = checkedStandardization(options.standardization, this.config);
    const classNames = options.classNames ?? null;
    const fault = classNames === null ? null : classNamesProblem(classNames, this.outputs);
    if (fault !== null) throw new UsageError(`classNames ${fault}`);
    if (classNames !== null && !LOSSES[config.loss].classification) {
      throw new UsageError('classNames are only for a classifier (loss ce)');
    }
    this.classNames = classNames === null ? null : Object.freeze([...classNames]);
    this.columns = options.columns ?? null;
  }

  /** Input width: values per row that `predict` and `evaluate` expect (`config.sizes[0]`). */
  get inputs(): number {
    return this.mlp.inputs;
  }

  /** Output width: classes for ce, target values per row for mse (the last of `config.sizes`). */
  get outputs(): number {
    return this.mlp.outputs;
  }

  /**
   * rows × outputs, row-major: class probabilities for ce, outputs for mse.
   * `x` is rows × inputs, row-major (any numeric array; used without a copy when it already is
   * an array of the model's dtype).
   */
  predict(x: ArrayLike<number>): FloatArray {
    if (!isArrayLike(x)) throw new DataError('x must be an array of numbers (rows × inputs)');
    if (x.length % this.inputs !== 0) {
      throw new DataError(`x has ${x.length} values, not a multiple of the model's ${this.inputs} inputs`);
    }
    const rows = x.length / this.inputs;
    const s = this.standardization;
    const input = s
      ? standardizedCopy(s, x, this.config.dtype, 'x')
      : toFloatArray(x, this.config.dtype, 'x', this.inputs);
    const out = allocate(this.config.dtype, rows * this.outputs);
    if (rows > 0) this.runnerFor(rows).predict(this.parameters, input, rows, out);
    return out;
  }

  /**
   * The predicted class of each row of `x` (the index of its largest output, the first on ties);
   * for a classifier. `x` as for `predict`.
   */
  predictClasses(x: ArrayLike<number>): Int32Array {
    if (!LOSSES[this.config.loss].classification) {
      throw new UsageError('predictClasses is for classifiers (loss ce); use predict for regression');
    }
    const probabilities = this.predict(x);
    const outputs = this.outputs;
    const classes = new Int32Array(probabilities.length / outputs);
    for (let row = 0; row < classes.length; row++)
      classes[row] = argmaxAt(probabilities, row * outputs, outputs);
    return classes;
  }

  /**
   * The predicted label of each row of `x`: its class name when the model has `classNames`, else
   * the class index as text. For a classifier; `x` as for `predict`.
   */
  predictLabels(x: ArrayLike<number>): string[] {
    const names = this.classNames;
    return Array.from(this.predictClasses(x), (index) => (names === null ? String(index) : names[index]!));
  }

  /**
   * Mean loss (the training loss definition, class-weighted if the model is) and accuracy (ce only)
   * on `data`: arrays as given to `train({ data })`, or a {@link RowTable} such as a core `Dataset`;
   * plus scikit-learn's metrics, gathered in the same pass (see `metrics`).
   */
  evaluate(data: ArrayData | RowTable): {
    /** Mean loss over all rows of `data`. */
    loss: number;
    /** Fraction of rows classified correctly, in [0, 1] (ce only; absent for mse). */
    accuracy?: number;
    /**
     * A classifier's accuracy, per-class precision, recall, F1 and support with their macro and
     * weighted averages, and confusion matrix; a regression model's MAE, RMSE and R² per output
     * and overall. Definitions as scikit-learn's; unweighted by class weights.
     */
    metrics: EvaluationMetrics;
  } {
    if (this.standardization) data = withStandardizedX(this.standardization, data, this.config.dtype);
    const source = isRowTable(data) ? this.rowTableSource(data) : toRowSource(data, this.config);
    const gatherer = metricsGathererFor(this.config);
    const runner = this.runnerFor(source.rows);
    const { loss, accuracy } = runner.evaluate(this.parameters, source, source.rows, gatherer.observer);
    const metrics = gatherer.report();
    return accuracy === null ? { loss, metrics } : { loss, accuracy, metrics };
  }

  /**
   * Writes a weights-only checkpoint (loadable by `loadModel`, and by PyTorch as `nn.Linear` layers),
   * atomically. It replaces an existing shardwise checkpoint (or empty file) at `path`, follows a
   * symbolic link to the file it names, and refuses anything else there (a device, FIFO, socket,
   * directory, or another kind of file unless `options.force`) with a CheckpointError.
   */
  async save(
    path: string,
    options: {
      /** Also replace an existing regular file that is not a shardwise checkpoint. Default false. */
      force?: boolean;
    } = {},
  ): Promise<void> {
    await saveCheckpoint(
      { path, force: options.force === true },
      {
        config: this.config,
        parameters: this.parameters,
        training: null,
        standardization: this.standardization,
        classNames: this.classNames,
        columns: this.columns,
      },
    );
  }

  private rowTableSource(table: RowTable): ArrayRowSource {
    const { rows, features, x } = table;
    if (!(Number.isSafeInteger(rows) && rows >= 0))
      throw new DataError(`data.rows must be a count, got ${rows}`);
    if (!isArrayLike(x) || x.length !== rows * features) {
      throw new DataError(
        `data.x has ${isArrayLike(x) ? x.length : 0} values, expected rows × features = ${rows} × ${features}`,
      );
    }
    // With labels only their range matters (a set may lack some classes); target rows must match exactly.
    if (table.labels !== null && LOSSES[this.config.loss].classification) {
      return toRowSource({ x, features, labels: table.labels }, this.config);
    }
    if (table.targets !== null && table.outputs !== this.outputs) {
      throw new DataError(`data has ${table.outputs} outputs per row, the model has ${this.outputs}`);
    }
    return toRowSource(
      {
        x,
        features,
        ...(table.labels !== null && { labels: table.labels }),
        ...(table.targets !== null && { targets: table.targets }),
      },
      this.config,
    );
  }

  /** A runner for chunks of up to `rows` rows, reused across calls so small repeated calls stay cheap. */
  private runnerFor(rows: number): ForwardRunner {
    const chunkCap = Math.max(
      1,
      Math.min(MAX_CHUNK_ROWS, Math.floor(MAX_CHUNK_ELEMENTS / this.mlp.maxWidth)),
    );
    const wanted = Math.max(1, Math.min(rows, chunkCap));
    if (this.runner === null || this.runner.maxRows < wanted) {
      this.runner = createForwardRunner(this.mlp, wanted, this.kernels);
    }
    return this.runner;
  }
}

/** Loads any shardwise checkpoint (resumable or weights-only) as a Model (`options` as for its constructor). */
export async function loadModel(
  path: string,
  options: { kernels?: ForwardKernelChoice } = {},
): Promise<Model> {
  const { config, parameters, classNames, columns, standardization } = await loadCheckpoint(path);
  return new Model(config, parameters, {
    ...options,
    classNames: classNames ?? null,
    columns: columns ?? null,
    standardization: standardization ?? null,
  });
}

/** A copy of `s` in the model's dtype, checked to hold one mean and one scale > 0 per input. */
function checkedStandardization(
  s: Standardization | null | undefined,
  config: MlpConfig,
): Standardization | null {
  if (s === null || s === undefined) return null;
  const inputs = config.sizes[0]!;
  if (
    !isArrayLike(s.mean) ||
    !isArrayLike(s.scale) ||
    s.mean.length !== inputs ||
    s.scale.length !== inputs
  ) {
    throw new DataError(`standardization must hold ${inputs} means and ${inputs} scales (one per input)`);
  }
  for (let j = 0; j < inputs; j++) {
    if (!(Number.isFinite(s.mean[j]) && Number.isFinite(s.scale[j]) && s.scale[j]! > 0)) {
      throw new DataError(
        `standardization of input ${j}: mean ${s.mean[j]}, scale ${s.scale[j]}; need a finite mean and a finite scale > 0`,
      );
    }
  }
  const own = standardizationIn(s, config.dtype);
  return own === s ? { mean: s.mean.slice(), scale: s.scale.slice(), rows: s.rows } : own;
}

function isRowTable(data: ArrayData | RowTable): data is RowTable {
  return typeof data === 'object' && data !== null && 'rows' in data && 'outputs' in data;
}
