/** The live progress line drawn on a terminal while an epoch runs. */

import { formatDuration, formatLr, formatMetric, formatRate } from './format-numbers.js';

export interface ProgressState {
  readonly epoch: number;
  readonly epochs: number;
  /** Steps finished in this epoch (1-based once a step is done) and the steps it has. */
  readonly step: number;
  readonly steps: number;
  /** Running means over the epoch so far. */
  readonly loss: number;
  readonly accuracy?: number;
  /** The epoch's lr (the schedule's). */
  readonly lr?: number;
  readonly samplesPerSecond: number;
  /** Seconds until the whole run is done; undefined until it can be estimated. */
  readonly etaSeconds?: number;
}

const MIN_BAR = 8;
const MAX_BAR = 30;
/** Width of a usual tail (`194/313 loss 0.1742 acc 0.9234 19242 samples/s ETA 1.43s`). */
const TYPICAL_TAIL = 56;
/** What the lr adds to it (` lr 0.001`). */
const TYPICAL_LR = 9;

/** `[=======>      ]` with `fraction` of `width` filled. */
export function formatBar(fraction: number, width: number): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * width);
  const head = filled > 0 && filled < width ? '>' : '';
  const body = '='.repeat(filled - head.length);
  return `[${body}${head}${' '.repeat(width - filled)}]`;
}

/**
 * `epoch 3/30 [====>     ] 12/24 loss 0.4123 acc 0.9120 1234 samples/s ETA 12.0s`, with the bar
 * sized to fit `columns` (the terminal width); the line never exceeds `columns - 1`, so the
 * cursor does not wrap and `\r` keeps redrawing the same row.
 */
export function formatProgressLine(state: ProgressState, columns: number): string {
  const head = `epoch ${state.epoch}/${state.epochs}`;
  const tailParts = [`${state.step}/${state.steps}`, `loss ${formatMetric(state.loss)}`];
  if (state.accuracy !== undefined) tailParts.push(`acc ${formatMetric(state.accuracy)}`);
  if (state.lr !== undefined) tailParts.push(`lr ${formatLr(state.lr)}`);
  tailParts.push(`${formatRate(state.samplesPerSecond)} samples/s`);
  if (state.etaSeconds !== undefined) tailParts.push(`ETA ${formatDuration(state.etaSeconds)}`);
  const tail = tailParts.join(' ');

  // The bar's width depends on the terminal only (not on the figures), so it does not jump
  // between redraws; with too little room it is left out.
  const room = columns - 1 - head.length - TYPICAL_TAIL - (state.lr === undefined ? 0 : TYPICAL_LR) - 2;
  const line =
    room >= MIN_BAR
      ? `${head} ${formatBar(state.step / state.steps, Math.min(MAX_BAR, room) - 2)} ${tail}`
      : `${head} ${tail}`;
  return line.length < columns ? line : line.slice(0, Math.max(0, columns - 1));
}
