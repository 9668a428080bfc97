// The lr schedule and early-stopping flags of `shardwise train`: their help and their conversion to TrainOptions.

import { LR_SCHEDULE_NAMES } from '@shardwise/core';
import type { Options } from 'yargs';
import {
  resolveScheduleOptions,
  SCHEDULE_DEFAULTS,
  type ScheduleTrainOptions,
} from '../trainer/schedule-options.js';
import {
  parseChoice,
  parseNonNegativeInteger,
  parseNonNegativeNumber,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSwitch,
  type RawFlagValue,
} from './flag-parsers.js';
import { switchFlag, valueFlag } from './flag-specs.js';

const SCHEDULE = 'Learning-rate schedule (per epoch, as torch.optim.lr_scheduler):';
const STOPPING = 'Early stopping (on the validation loss, as Keras):';
const D = SCHEDULE_DEFAULTS;

/** The flags, in --help order. */
export const SCHEDULE_FLAGS = {
  'lr-schedule': valueFlag(
    SCHEDULE,
    'how the lr changes between epochs: StepLR, CosineAnnealingLR, or ReduceLROnPlateau on the validation loss (training loss without --val-split)',
    D.lrSchedule,
    LR_SCHEDULE_NAMES,
  ),
  'warmup-epochs': valueFlag(
    SCHEDULE,
    'epochs of linear warm-up first (LinearLR): epoch e < N trains at lr*(s + (1-s)*e/N)',
    D.warmupEpochs,
  ),
  'warmup-start-factor': valueFlag(SCHEDULE, 'the warm-up factor s of the first epoch, in (0, 1]', '1/3'),
  'lr-step-size': valueFlag(SCHEDULE, 'step: epochs between decays (required)'),
  'lr-gamma': valueFlag(SCHEDULE, 'step: decay factor', D.lrGamma),
  'lr-t-max': valueFlag(SCHEDULE, 'cosine: epochs from lr down to --lr-min', 'the epochs after warm-up'),
  'lr-min': valueFlag(SCHEDULE, "the lr floor: cosine's eta_min, plateau's min_lr", D.lrMin),
  'lr-factor': valueFlag(SCHEDULE, 'plateau: multiplies the lr on a plateau, in (0, 1)', D.lrFactor),
  'lr-patience': valueFlag(
    SCHEDULE,
    'plateau: epochs without improvement (loss < best*(1-1e-4)) tolerated before the lr drops',
    D.lrPatience,
  ),
  'lr-cooldown': valueFlag(
    SCHEDULE,
    'plateau: epochs after a drop in which bad epochs are not counted',
    D.lrCooldown,
  ),
  'early-stopping': valueFlag(
    STOPPING,
    'stop after PATIENCE epochs in a row without improvement; an epoch improves when val_loss < best - --min-delta (needs --val-split)',
    'off',
  ),
  'min-delta': valueFlag(
    STOPPING,
    'how much the validation loss must drop to count as an improvement',
    D.minDelta,
  ),
  'restore-best': switchFlag(
    STOPPING,
    "end with the best epoch's parameters (lowest val_loss), also in --out; --no-restore-best keeps the last [default: on with --early-stopping]",
  ),
} satisfies Record<string, Options>;

const parsers = {
  lrSchedule: (flag: string, value: RawFlagValue) => parseChoice(flag, value, LR_SCHEDULE_NAMES),
  warmupEpochs: parseNonNegativeInteger,
  warmupStartFactor: parsePositiveNumber,
  lrStepSize: parsePositiveInteger,
  lrGamma: parsePositiveNumber,
  lrTMax: parsePositiveInteger,
  lrMin: parseNonNegativeNumber,
  lrFactor: parsePositiveNumber,
  lrPatience: parseNonNegativeInteger,
  lrCooldown: parseNonNegativeInteger,
  earlyStopping: parsePositiveInteger,
  minDelta: parseNonNegativeNumber,
  restoreBest: parseSwitch,
} as const satisfies Record<keyof ScheduleTrainOptions, (flag: string, value: RawFlagValue) => unknown>;

/**
 * The schedule options of the flags given (the library fills in the defaults, and on resume the
 * checkpoint's), checked together with the flags' names in the messages.
 */
export function scheduleOptionsFromArgv(
  argv: Readonly<Record<string, unknown>>,
  flagName: (key: string) => string,
): ScheduleTrainOptions {
  const options: Record<string, unknown> = {};
  for (const [key, parse] of Object.entries(parsers)) {
    const value = argv[key];
    if (value !== undefined) options[key] = parse(flagName(key), value as RawFlagValue);
  }
  resolveScheduleOptions(
    { ...options, resume: argv.resume as string | undefined, init: argv.init as string | undefined },
    (key) => `--${flagName(key)}`,
  );
  return options as ScheduleTrainOptions;
}
