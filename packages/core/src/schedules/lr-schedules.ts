// Per-epoch learning-rate schedules, defined as PyTorch's schedulers stepped once per epoch.

/** The schedule names: `--lr-schedule` and `TrainOptions.lrSchedule`. */
export const LR_SCHEDULE_NAMES = ['constant', 'step', 'cosine', 'plateau'] as const;

/** A learning-rate schedule's name. */
export type LrScheduleName = (typeof LR_SCHEDULE_NAMES)[number];

/** ReduceLROnPlateau's `threshold` (relative, mode 'min'): PyTorch's default, fixed here. */
export const PLATEAU_THRESHOLD = 1e-4;

/** ReduceLROnPlateau's `eps`: a reduction smaller than this is skipped (PyTorch's default). */
export const PLATEAU_EPS = 1e-8;

/** Every parameter of a schedule, resolved (the unused ones hold their defaults). */
export interface LrScheduleConfig {
  /** Which schedule runs after the warm-up. */
  readonly kind: LrScheduleName;
  /** The optimizer's lr: the `initial_lr` every schedule starts from. */
  readonly baseLr: number;
  /** Epochs of linear warm-up (LinearLR's `total_iters`); 0 for none. */
  readonly warmupEpochs: number;
  /** LinearLR's `start_factor` (end_factor is 1). */
  readonly warmupStartFactor: number;
  /** StepLR's `step_size`. */
  readonly stepSize: number;
  /** StepLR's `gamma`. */
  readonly gamma: number;
  /** CosineAnnealingLR's `T_max`. */
  readonly tMax: number;
  /** CosineAnnealingLR's `eta_min`. */
  readonly etaMin: number;
  /** ReduceLROnPlateau's `factor`. */
  readonly factor: number;
  /** ReduceLROnPlateau's `patience`. */
  readonly patience: number;
  /** ReduceLROnPlateau's `cooldown`. */
  readonly cooldown: number;
  /** ReduceLROnPlateau's `min_lr`. */
  readonly minLr: number;
}

/**
 * Where a schedule stands; JSON-safe, so a checkpoint can save it and a resume continue exactly.
 * `epoch` is the scheduler's `last_epoch` (epochs completed); the rest is ReduceLROnPlateau's state.
 */
export interface LrScheduleState {
  /** Epochs completed (scheduler steps taken). */
  readonly epoch: number;
  /** The lr of the next epoch. */
  readonly lr: number;
  /** Plateau: the best monitored loss so far after the warm-up; null before the first. */
  readonly best: number | null;
  /** Plateau: `num_bad_epochs`. */
  readonly badEpochs: number;
  /** Plateau: `cooldown_counter`. */
  readonly cooldownLeft: number;
}

/** One schedule after warm-up: its lr as a function of the epochs since the warm-up ended. */
export interface LrScheduleDefinition {
  /** One line for documentation and help texts. */
  readonly summary: string;
  /**
   * The lr of main-phase epoch `k` (0-based) in closed form, or null for a schedule driven by the
   * monitored loss (plateau), whose lr comes from its state.
   */
  lrAt(config: LrScheduleConfig, k: number): number | null;
}

/** Every schedule by name (PyTorch's `torch.optim.lr_scheduler` classes, stepped once per epoch). */
export const LR_SCHEDULES: Readonly<Record<LrScheduleName, LrScheduleDefinition>> = {
  /** No change: the optimizer's lr every epoch. */
  constant: { summary: 'the lr every epoch', lrAt: (c) => c.baseLr },
  /** StepLR: lr·gamma^⌊k / step_size⌋. */
  step: {
    summary: 'StepLR: lr × gamma every step-size epochs',
    lrAt: (c, k) => c.baseLr * c.gamma ** Math.floor(k / c.stepSize),
  },
  /**
   * CosineAnnealingLR's closed form eta_min + (lr − eta_min)(1 + cos(π·k/T_max))/2; stepped once per
   * epoch its recursive form equals this (PyTorch's documentation states the recursion, the two
   * agree for k ≤ T_max, and past T_max the cosine continues, as PyTorch's closed form does).
   */
  cosine: {
    summary: 'CosineAnnealingLR: half a cosine from lr to lr-min over T_max epochs',
    lrAt: (c, k) => c.etaMin + ((c.baseLr - c.etaMin) * (1 + Math.cos((Math.PI * k) / c.tMax))) / 2,
  },
  /** ReduceLROnPlateau(mode='min', threshold_mode='rel'): see {@link stepLrSchedule}. */
  plateau: {
    summary: 'ReduceLROnPlateau: lr × factor after patience epochs without improvement',
    lrAt: () => null,
  },
};

/** The definition of `kind`; throws for a name that is not one (e.g. from an untrusted file). */
export function lrScheduleDefinition(kind: LrScheduleName): LrScheduleDefinition {
  if (!Object.hasOwn(LR_SCHEDULES, kind)) {
    throw new Error(`lr schedule must be one of ${LR_SCHEDULE_NAMES.join(', ')}, got ${kind}`);
  }
  return LR_SCHEDULES[kind];
}

/**
 * The lr of epoch index `epoch` (0-based) by closed form: LinearLR during the warm-up
 * (lr·(s + (1 − s)·e/N)), then the main schedule at k = e − N, as
 * `SequentialLR([LinearLR(s, 1, N), main], milestones=[N])`. Null for plateau after the warm-up.
 */
export function scheduledLr(config: LrScheduleConfig, epoch: number): number | null {
  const n = config.warmupEpochs;
  if (epoch < n) {
    const s = config.warmupStartFactor;
    return config.baseLr * (s + ((1 - s) * epoch) / n);
  }
  return lrScheduleDefinition(config.kind).lrAt(config, epoch - n);
}

/** The state before the first epoch. */
export function initialLrScheduleState(config: LrScheduleConfig): LrScheduleState {
  return { epoch: 0, lr: scheduledLr(config, 0) ?? config.baseLr, best: null, badEpochs: 0, cooldownLeft: 0 };
}

/**
 * One scheduler step after an epoch whose monitored loss was `loss` (plateau reads it; the others
 * ignore it). Plateau follows ReduceLROnPlateau.step: better means loss < best·(1 − threshold);
 * in cooldown bad epochs are not counted; after more than `patience` bad epochs the lr becomes
 * max(lr·factor, min_lr) (skipped when that changes it by no more than eps), and cooldown starts.
 * The warm-up epochs' losses are not fed to it: it starts at the end of the warm-up, at lr.
 */
export function stepLrSchedule(
  config: LrScheduleConfig,
  state: LrScheduleState,
  loss: number,
): LrScheduleState {
  const epoch = state.epoch + 1;
  const closed = scheduledLr(config, epoch);
  if (closed !== null) return { ...state, epoch, lr: closed };
  if (epoch <= config.warmupEpochs) return { ...state, epoch, lr: config.baseLr };
  let { best, badEpochs, cooldownLeft, lr } = state;
  // PyTorch's best starts at +inf; null stands for it (JSON has no Infinity).
  if (loss < (best ?? Number.POSITIVE_INFINITY) * (1 - PLATEAU_THRESHOLD)) {
    best = loss;
    badEpochs = 0;
  } else badEpochs++;
  if (cooldownLeft > 0) {
    cooldownLeft--;
    badEpochs = 0;
  }
  if (badEpochs > config.patience) {
    const reduced = Math.max(lr * config.factor, config.minLr);
    if (lr - reduced > PLATEAU_EPS) lr = reduced;
    cooldownLeft = config.cooldown;
    badEpochs = 0;
  }
  return { epoch, lr, best, badEpochs, cooldownLeft };
}
