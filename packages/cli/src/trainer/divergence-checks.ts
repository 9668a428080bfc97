// Ends a diverged run with a DivergenceError: a non-finite step loss, or non-finite parameters behind a finite loss.

import { existsSync } from 'node:fs';
import type { FloatArray } from '@shardwise/core';
import { firstNonFinite } from '../checkpoint/finite-values.js';
import { DivergenceError } from '../errors.js';
import type { ResolvedTrainOptions } from './resolve-options.js';

/** A step's loss must be finite; `epoch` and `step` are 1-based, `lr` goes into the hint. */
export function checkLossFinite(loss: number, epoch: number, step: number, lr: number): void {
  if (Number.isFinite(loss)) return;
  throw new DivergenceError(
    `the loss became ${loss} at epoch ${epoch}, step ${step}`,
    `try a lower --lr (now ${lr})`,
  );
}

/**
 * NaN or ±Infinity in the parameters (a finite loss can hide them, e.g. behind a relu) ends the
 * run as a DivergenceError before the epoch is reported or anything is saved over a good file.
 * `epoch` (1-based) is the one that produced them; the hint names the likely cause (`lr` the
 * learning rate) and whether the run's `out` still holds a finite checkpoint.
 */
export function checkParametersFinite(
  parameters: FloatArray,
  epoch: number,
  options: Pick<ResolvedTrainOptions, 'allowNonFinite' | 'out'>,
  lr: number,
): void {
  const bad = firstNonFinite(parameters);
  if (bad < 0) return;
  const cause = options.allowNonFinite
    ? 'the data holds NaN or infinite values (loaded by --allow-non-finite); clean them first'
    : `try a lower --lr (now ${lr})`;
  const { out } = options;
  const kept = out !== undefined && existsSync(out) ? `; ${out} keeps the last finite checkpoint` : '';
  throw new DivergenceError(
    `the parameters became ${parameters[bad]} in epoch ${epoch} (parameter ${bad}), though the loss was finite`,
    `${cause}${kept}`,
  );
}
