// The options of the lr schedule and early stopping: their docs, defaults and checks (PyTorch's and Keras's defaults).

import { LR_SCHEDULE_NAMES, type LrScheduleConfig, type LrScheduleName } from '@shardwise/core';
import { UsageError } from '../errors.js';

/** Learning-rate schedule and early-stopping options of a training run (part of TrainOptions). */
export interface ScheduleTrainOptions {
  /**
   * How the lr changes between epochs (it is fixed within one), as PyTorch's schedulers stepped once
   * per epoch: `'constant'` (default), `'step'` (StepLR), `'cosine'` (CosineAnnealingLR) or
   * `'plateau'` (ReduceLROnPlateau on the validation loss, or on the training loss when there are no
   * validation rows). `lr` is the schedule's initial lr.
   */
  readonly lrSchedule?: LrScheduleName;
  /**
   * Epochs of linear warm-up before the schedule (LinearLR(start_factor, 1, N) then the schedule, as
   * SequentialLR with milestones [N]): epoch e < N trains at lr·(s + (1 − s)·e/N). Default 0.
   */
  readonly warmupEpochs?: number;
  /** The warm-up's first factor s, in (0, 1]; default 1/3 (LinearLR's start_factor). Needs warmupEpochs. */
  readonly warmupStartFactor?: number;
  /** `'step'`: epochs between decays (StepLR's step_size, an integer ≥ 1); required for `'step'`. */
  readonly lrStepSize?: number;
  /** `'step'`: the decay factor (StepLR's gamma, > 0); default 0.1. */
  readonly lrGamma?: number;
  /**
   * `'cosine'`: the half period in epochs (T_max, an integer ≥ 1); default the epochs after the
   * warm-up, fixed when the run starts (saved with it, so `resume` with more epochs keeps it).
   */
  readonly lrTMax?: number;
  /** The lr floor (≥ 0): `'cosine'`'s eta_min and `'plateau'`'s min_lr; default 0. */
  readonly lrMin?: number;
  /** `'plateau'`: the lr is multiplied by this, in (0, 1), when it reduces; default 0.1. */
  readonly lrFactor?: number;
  /**
   * `'plateau'`: epochs without improvement (loss < best·(1 − 1e-4)) tolerated; the lr reduces after
   * the next one. An integer ≥ 0; default 10.
   */
  readonly lrPatience?: number;
  /** `'plateau'`: epochs after a reduction during which bad epochs are not counted; default 0. */
  readonly lrCooldown?: number;
  /**
   * Stop after this many epochs in a row without improvement of the validation loss (Keras's
   * EarlyStopping(monitor='val_loss', patience)); an epoch improves when its validation loss is below
   * best − minDelta (the first always does). Needs validation rows (`valSplit`). Default: off.
   */
  readonly earlyStopping?: number;
  /** How much lower than the best the validation loss must be to count as an improvement (≥ 0); default 0. */
  readonly minDelta?: number;
  /**
   * Keep the best epoch's parameters (lowest validation loss) and make them the model's when the run
   * ends (stopped early or all epochs done), as Keras's restore_best_weights; the checkpoint then
   * holds them. Default: true with `earlyStopping`, else false (`true` without it needs validation rows).
   */
  readonly restoreBest?: boolean;
}

/** The schedule and early-stopping options, checked, with their defaults. */
export interface ResolvedScheduleOptions {
  readonly lrSchedule: LrScheduleName;
  readonly warmupEpochs: number;
  readonly warmupStartFactor: number;
  /** Undefined unless given (required for 'step'). */
  readonly lrStepSize: number | undefined;
  readonly lrGamma: number;
  /** For 'cosine': given, or the epochs after the warm-up; else undefined unless given. */
  readonly lrTMax: number | undefined;
  readonly lrMin: number;
  readonly lrFactor: number;
  readonly lrPatience: number;
  readonly lrCooldown: number;
  /** Undefined: no early stopping. */
  readonly earlyStopping: number | undefined;
  readonly minDelta: number;
  readonly restoreBest: boolean;
}

/** The schedule and early-stopping options: saved in checkpoints and reused on resume, like the run settings. */
export const SCHEDULE_SETTINGS = [
  'lrSchedule',
  'warmupEpochs',
  'warmupStartFactor',
  'lrStepSize',
  'lrGamma',
  'lrTMax',
  'lrMin',
  'lrFactor',
  'lrPatience',
  'lrCooldown',
  'earlyStopping',
  'minDelta',
  'restoreBest',
] as const satisfies readonly (keyof ScheduleTrainOptions)[];

/** The defaults: PyTorch's for the schedulers, Keras's for early stopping. */
export const SCHEDULE_DEFAULTS = {
  /** No schedule: the lr every epoch. */
  lrSchedule: 'constant',
  /** No warm-up. */
  warmupEpochs: 0,
  /** LinearLR's start_factor. */
  warmupStartFactor: 1 / 3,
  /** StepLR's gamma. */
  lrGamma: 0.1,
  /** CosineAnnealingLR's eta_min and ReduceLROnPlateau's min_lr. */
  lrMin: 0,
  /** ReduceLROnPlateau's factor. */
  lrFactor: 0.1,
  /** ReduceLROnPlateau's patience. */
  lrPatience: 10,
  /** ReduceLROnPlateau's cooldown. */
  lrCooldown: 0,
  /** EarlyStopping's min_delta. */
  minDelta: 0,
} as const;

/** Which schedule each schedule option belongs to (warm-up options apply to all). */
const SCHEDULE_OF_OPTION = {
  lrStepSize: ['step'],
  lrGamma: ['step'],
  lrTMax: ['cosine'],
  lrMin: ['cosine', 'plateau'],
  lrFactor: ['plateau'],
  lrPatience: ['plateau'],
  lrCooldown: ['plateau'],
} as const satisfies Partial<Record<keyof ScheduleTrainOptions, readonly LrScheduleName[]>>;

/**
 * Checks the schedule and early-stopping options. A value other than the default for another
 * schedule than the chosen one is refused (a likely mistake), except on resume or init.
 */
export function resolveScheduleOptions(
  o: ScheduleTrainOptions & { readonly resume?: string; readonly init?: string },
  /** How messages spell an option (the CLI passes its flag names). */
  name: (key: string) => string = (key) => key,
  /** The run's epochs in total: cosine's default T_max counts those after the warm-up. */
  epochs = 0,
): ResolvedScheduleOptions {
  const int = (key: string, value: unknown, min: number) => checkInt(name(key), value, min);
  const real = (key: string, value: unknown, ok: (v: number) => boolean, rule: string) =>
    checkReal(name(key), value, ok, rule);
  const lrSchedule = o.lrSchedule ?? SCHEDULE_DEFAULTS.lrSchedule;
  if (!LR_SCHEDULE_NAMES.includes(lrSchedule)) {
    throw new UsageError(
      `${name('lrSchedule')} must be one of ${LR_SCHEDULE_NAMES.join(', ')}, got ${JSON.stringify(o.lrSchedule)}`,
    );
  }
  // A value other than the default is what a typo or a forgotten flag leaves (saved settings carry defaults).
  const set = (key: keyof ScheduleTrainOptions) =>
    o[key] !== undefined && o[key] !== (SCHEDULE_DEFAULTS as Record<string, unknown>)[key];
  if (o.resume === undefined && o.init === undefined) {
    for (const [key, schedules] of Object.entries(SCHEDULE_OF_OPTION)) {
      if (!set(key as keyof typeof SCHEDULE_OF_OPTION)) continue;
      if ((schedules as readonly string[]).includes(lrSchedule)) continue;
      throw new UsageError(
        `${name(key)} applies to ${name('lrSchedule')} ${schedules.join(' or ')} only, got ${lrSchedule}`,
      );
    }
    if (set('warmupStartFactor') && !o.warmupEpochs)
      throw new UsageError(`${name('warmupStartFactor')} needs ${name('warmupEpochs')} ≥ 1`);
    if (set('minDelta') && o.earlyStopping === undefined)
      throw new UsageError(`${name('minDelta')} needs ${name('earlyStopping')} (the patience)`);
  }
  if (lrSchedule === 'step' && o.lrStepSize === undefined)
    throw new UsageError(
      `${name('lrSchedule')} step needs ${name('lrStepSize')} (epochs between decays, StepLR's step_size)`,
    );
  const earlyStopping = int('earlyStopping', o.earlyStopping, 1);
  const restoreBest = o.restoreBest ?? earlyStopping !== undefined;
  if (typeof restoreBest !== 'boolean')
    throw new UsageError(
      `${name('restoreBest')} must be true or false, got ${JSON.stringify(o.restoreBest)}`,
    );
  const warmupEpochs = int('warmupEpochs', o.warmupEpochs, 0) ?? SCHEDULE_DEFAULTS.warmupEpochs;
  const tMax = int('lrTMax', o.lrTMax, 1);
  return {
    lrSchedule,
    warmupEpochs,
    warmupStartFactor:
      real('warmupStartFactor', o.warmupStartFactor, (v) => v > 0 && v <= 1, 'in (0, 1]') ??
      SCHEDULE_DEFAULTS.warmupStartFactor,
    lrStepSize: int('lrStepSize', o.lrStepSize, 1),
    lrGamma: real('lrGamma', o.lrGamma, (v) => v > 0, 'a positive number') ?? SCHEDULE_DEFAULTS.lrGamma,
    lrTMax: tMax ?? (lrSchedule === 'cosine' ? Math.max(1, epochs - warmupEpochs) : undefined),
    lrMin: real('lrMin', o.lrMin, (v) => v >= 0, 'a number ≥ 0') ?? SCHEDULE_DEFAULTS.lrMin,
    lrFactor: real('lrFactor', o.lrFactor, (v) => v > 0 && v < 1, 'in (0, 1)') ?? SCHEDULE_DEFAULTS.lrFactor,
    lrPatience: int('lrPatience', o.lrPatience, 0) ?? SCHEDULE_DEFAULTS.lrPatience,
    lrCooldown: int('lrCooldown', o.lrCooldown, 0) ?? SCHEDULE_DEFAULTS.lrCooldown,
    earlyStopping,
    minDelta: real('minDelta', o.minDelta, (v) => v >= 0, 'a number ≥ 0') ?? SCHEDULE_DEFAULTS.minDelta,
    restoreBest,
  };
}

/** Core's schedule config for a run of `epochs` epochs starting from `lr`. */
export function lrScheduleConfigOf(o: ResolvedScheduleOptions, lr: number, epochs: number): LrScheduleConfig {
  return {
    kind: o.lrSchedule,
    baseLr: lr,
    warmupEpochs: o.warmupEpochs,
    warmupStartFactor: o.warmupStartFactor,
    stepSize: o.lrStepSize ?? 1,
    gamma: o.lrGamma,
    tMax: o.lrTMax ?? Math.max(1, epochs - o.warmupEpochs),
    etaMin: o.lrMin,
    factor: o.lrFactor,
    patience: o.lrPatience,
    cooldown: o.lrCooldown,
    minLr: o.lrMin,
  };
}

function checkInt(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw new UsageError(`${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return value;
}

function checkReal(
  name: string,
  value: unknown,
  ok: (v: number) => boolean,
  rule: string,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value))
    throw new UsageError(`${name} must be ${rule}, got ${JSON.stringify(value)}`);
  return value;
}
