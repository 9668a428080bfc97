// The resolved configuration of a run, JSON-safe, built generically from the resolved options: the `--json` start record and Trainer.configuration.

import { type MlpConfig, PLATEAU_THRESHOLD, type ResolvedOptimizerConfig } from '@shardwise/core';
import { type KernelBackend, nativeKernelsInfo } from '@shardwise/worker';
import type { ResolvedTrainOptions } from './resolve-options.js';
import { lrScheduleConfigOf } from './schedule-options.js';

/** A JSON value. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** How a run is configured once every default is resolved (what the CLI's `{"type":"start"}` record holds). */
export interface RunConfiguration {
  /** Worker threads (the resolved count for `'auto'`). */
  readonly workers: number;
  /** The kernels the workers run (`'auto'` resolved). */
  readonly kernels: KernelBackend;
  /** With `native` kernels, the CBLAS in use; else null. */
  readonly blas: {
    /** 'OpenBLAS', 'BLIS' or 'CBLAS'. */
    readonly vendor: string;
    /** The kernels picked for this CPU (e.g. 'Haswell'), where the library says. */
    readonly corename: string | null;
    /** Path of the shared library. */
    readonly library: string | null;
  } | null;
  /** Trainable parameters. */
  readonly parameters: number;
  /** The network: layer widths (inputs first), activation, loss (as decided from the data), dtype. */
  readonly model: MlpConfig;
  /** Training and validation rows. */
  readonly rows: {
    /** Rows trained on. */
    readonly train: number;
    /** Rows held out for validation. */
    readonly validation: number;
  };
  /** Epochs in total (with resume, including those done). */
  readonly epochs: number;
  /** Rows per step. */
  readonly batchSize: number;
  /** The seed of data, split, initialisation and shuffling. */
  readonly seed: number;
  /** The optimizer with all its settings (defaults filled in; `lr` is the schedule's initial lr). */
  readonly optimizer: ResolvedOptimizerConfig;
  /** The lr schedule with the settings it uses (PyTorch's names) and what plateau watches. */
  readonly schedule: { readonly [key: string]: JsonValue };
  /** Early stopping's settings, or null when off. */
  readonly earlyStopping: {
    /** Epochs without improvement before the run stops. */
    readonly patience: number;
    /** How much lower than the best a validation loss must be to improve. */
    readonly minDelta: number;
  } | null;
  /** Every resolved option, JSON-safe (arrays given from code shown as `"arrays"`; callbacks left out). */
  readonly options: { readonly [key: string]: JsonValue };
}

/** The facts of a set-up run that the options do not hold. */
export interface RunFactsForConfiguration {
  readonly workers: number;
  readonly kernels: KernelBackend;
  readonly parameters: number;
  readonly model: MlpConfig;
  readonly rows: number;
  readonly validationRows: number;
  readonly optimizer: ResolvedOptimizerConfig;
}

/** The configuration of a run with resolved options `o`. */
export function runConfigurationOf(
  o: ResolvedTrainOptions,
  facts: RunFactsForConfiguration,
): RunConfiguration {
  const blas = facts.kernels === 'native' ? nativeKernelsInfo() : null;
  return {
    workers: facts.workers,
    kernels: facts.kernels,
    blas: blas && { vendor: blas.vendor, corename: blas.corename, library: blas.library },
    parameters: facts.parameters,
    model: facts.model,
    rows: { train: facts.rows, validation: facts.validationRows },
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    optimizer: facts.optimizer,
    schedule: scheduleOf(o, facts.optimizer.lr, facts.validationRows > 0),
    earlyStopping: o.earlyStopping === undefined ? null : { patience: o.earlyStopping, minDelta: o.minDelta },
    options: jsonSafe(o),
  };
}

/** The schedule's kind, warm-up and the settings of that kind only. */
function scheduleOf(o: ResolvedTrainOptions, lr: number, validation: boolean): { [key: string]: JsonValue } {
  const c = lrScheduleConfigOf(o, lr, o.epochs);
  const warmup: { [key: string]: JsonValue } =
    c.warmupEpochs > 0 ? { warmupEpochs: c.warmupEpochs, warmupStartFactor: c.warmupStartFactor } : {};
  const own: Record<typeof c.kind, { [key: string]: JsonValue }> = {
    constant: {},
    step: { stepSize: c.stepSize, gamma: c.gamma },
    cosine: { tMax: c.tMax, etaMin: c.etaMin },
    plateau: {
      monitor: validation ? 'valLoss' : 'loss',
      factor: c.factor,
      patience: c.patience,
      threshold: PLATEAU_THRESHOLD,
      cooldown: c.cooldown,
      minLr: c.minLr,
    },
  };
  return { kind: c.kind, ...warmup, ...own[c.kind] };
}

/** Every option with a JSON value; arrays of rows given from code become `"arrays"`. */
function jsonSafe(o: ResolvedTrainOptions): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(o)) {
    if (value === undefined || typeof value === 'function') continue;
    if (key === 'data' && typeof value !== 'string') out[key] = 'arrays';
    else if (isJson(value)) out[key] = value;
  }
  return out;
}

function isJson(value: unknown): value is JsonValue {
  if (value === null || ['boolean', 'string'].includes(typeof value)) return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.values(value as object).every(isJson);
  return false;
}
