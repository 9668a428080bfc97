// Reads the lr schedule's and early stopping's saved state from a checkpoint's run settings (untrusted input).

import type { LrScheduleState } from '@shardwise/core';
import { CheckpointError } from '../errors.js';
import { preview } from '../io/value-preview.js';
import type { BestEpochState } from './best-epoch.js';

/** The keys of the checkpoint's `training.options` that hold the state. */
export const SAVED_CONTROL_KEYS = { schedule: 'lrScheduleState', bestEpoch: 'earlyStoppingState' } as const;

/** The saved schedule state, or null when the checkpoint has none (then it is rebuilt from the epoch). */
export function savedLrScheduleState(
  saved: Readonly<Record<string, unknown>>,
  path: string,
): LrScheduleState | null {
  const fields = objectAt(saved, SAVED_CONTROL_KEYS.schedule, path);
  if (fields === null) return null;
  const where = `${path}: the saved ${SAVED_CONTROL_KEYS.schedule}`;
  return {
    epoch: count(fields, 'epoch', where),
    lr: number(fields, 'lr', where, (v) => v > 0, 'a positive number'),
    best: fields.best === null ? null : number(fields, 'best', where, () => true, 'a number or null'),
    badEpochs: count(fields, 'badEpochs', where),
    cooldownLeft: count(fields, 'cooldownLeft', where),
  };
}

/** The saved early-stopping state, or null when the checkpoint has none. */
export function savedBestEpochState(
  saved: Readonly<Record<string, unknown>>,
  path: string,
): BestEpochState | null {
  const fields = objectAt(saved, SAVED_CONTROL_KEYS.bestEpoch, path);
  if (fields === null) return null;
  const where = `${path}: the saved ${SAVED_CONTROL_KEYS.bestEpoch}`;
  const restored = fields.restored;
  if (typeof restored !== 'boolean') throw new CheckpointError(`${where}.restored is not true or false`);
  const state = {
    best: fields.best === null ? null : number(fields, 'best', where, () => true, 'a number or null'),
    bestEpoch: count(fields, 'bestEpoch', where),
    wait: count(fields, 'wait', where),
    restored,
  };
  if ((state.best === null) !== (state.bestEpoch === 0))
    throw new CheckpointError(`${where} has a best loss without its epoch, or an epoch without its loss`);
  return state;
}

function objectAt(saved: Readonly<Record<string, unknown>>, key: string, path: string) {
  const value = saved[key];
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CheckpointError(`${path}: the saved ${key} is not an object`);
  return value as Record<string, unknown>;
}

function number(
  fields: Record<string, unknown>,
  key: string,
  where: string,
  ok: (v: number) => boolean,
  rule: string,
): number {
  const value = fields[key];
  if (!(typeof value === 'number' && Number.isFinite(value) && ok(value)))
    throw new CheckpointError(`${where}.${key} must be ${rule}, got ${preview(value)}`);
  return value;
}

function count(fields: Record<string, unknown>, key: string, where: string): number {
  const value = fields[key];
  if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0))
    throw new CheckpointError(`${where}.${key} must be a non-negative integer, got ${preview(value)}`);
  return value;
}
