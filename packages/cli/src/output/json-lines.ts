/**
 * The `--json` records: one object per line, numbers at full precision, fields that do not
 * apply (accuracy for mse, validation without --val-split) left out.
 */

import type { RunConfiguration } from '../trainer/run-configuration.js';
import type { EpochMetrics } from '../trainer/train-options.js';
import type { RunSummary } from './run-summary.js';

type JsonValue = number | string | boolean | null;

/** Copies `value` when it is a number; absent, null and NaN-free checks are the caller's. */
function optional(record: Record<string, JsonValue>, key: string, value: number | undefined): void {
  if (typeof value === 'number') record[key] = value;
}

export function epochRecord(metrics: EpochMetrics): Record<string, JsonValue> {
  const record: Record<string, JsonValue> = { type: 'epoch', epoch: metrics.epoch, loss: metrics.loss };
  optional(record, 'accuracy', metrics.accuracy);
  optional(record, 'valLoss', metrics.valLoss);
  optional(record, 'valAccuracy', metrics.valAccuracy);
  optional(record, 'lr', metrics.lr);
  record.samplesPerSecond = metrics.samplesPerSecond;
  record.seconds = metrics.seconds;
  return record;
}

export function summaryRecord(summary: RunSummary): Record<string, JsonValue> {
  const record: Record<string, JsonValue> = { type: 'summary', epochs: summary.epochs };
  optional(record, 'loss', summary.loss);
  optional(record, 'accuracy', summary.accuracy);
  optional(record, 'valLoss', summary.valLoss);
  optional(record, 'valAccuracy', summary.valAccuracy);
  record.seconds = summary.seconds;
  record.samplesPerSecond = summary.samplesPerSecond;
  record.workers = summary.workers;
  if (summary.ranks !== undefined) record.ranks = summary.ranks;
  if (summary.kernels !== undefined) record.kernels = summary.kernels;
  record.parameters = summary.parameters;
  record.out = summary.out;
  // null: every epoch ran; else why it stopped early (see RunStop).
  record.stopped = summary.stopped;
  if (summary.best) {
    record.bestEpoch = summary.best.epoch;
    record.bestValLoss = summary.best.valLoss;
    record.restoredBest = summary.best.restored;
  }
  return record;
}

/** The first record of a `--json` run: its resolved configuration (see RunConfiguration). */
export function startRecord(configuration: RunConfiguration): Record<string, unknown> {
  return { type: 'start', ...configuration };
}

/** One JSON line. NaN/Infinity (a diverged loss) become null, as JSON.stringify writes them. */
export function jsonLine(record: Record<string, unknown>): string {
  return `${JSON.stringify(record)}\n`;
}
