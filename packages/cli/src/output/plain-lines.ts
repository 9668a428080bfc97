/** The one-line-per-epoch report used when stdout is not a terminal (logs, pipes, CI). */

import type { EpochMetrics } from '../trainer/train-options.js';
import { formatCount, formatDuration, formatLr, formatMetric, formatRate } from './format-numbers.js';
import type { RunSummary } from './run-summary.js';

const GAP = '  ';

/** `loss 0.4123  acc 0.9120  val_loss 0.5000  val_acc 0.9000`, leaving out what is absent. */
export function formatMetricPairs(metrics: {
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}): string[] {
  const pairs: string[] = [];
  if (metrics.loss !== undefined) pairs.push(`loss ${formatMetric(metrics.loss)}`);
  if (metrics.accuracy !== undefined) pairs.push(`acc ${formatMetric(metrics.accuracy)}`);
  if (metrics.valLoss !== undefined) pairs.push(`val_loss ${formatMetric(metrics.valLoss)}`);
  if (metrics.valAccuracy !== undefined) pairs.push(`val_acc ${formatMetric(metrics.valAccuracy)}`);
  return pairs;
}

/** `epoch 3/30  loss 0.4123  acc 0.9120  1234 samples/s  0.41s` */
export function formatEpochLine(metrics: EpochMetrics, epochsTotal: number): string {
  return [
    `epoch ${metrics.epoch}/${epochsTotal}`,
    ...formatMetricPairs(metrics),
    ...(metrics.lr !== undefined ? [`lr ${formatLr(metrics.lr)}`] : []),
    `${formatRate(metrics.samplesPerSecond)} samples/s`,
    formatDuration(metrics.seconds),
  ].join(GAP);
}

/** `done  30 epochs  loss 0.1234  acc 0.9800  5678 samples/s  12.3s  2 workers  wasm kernels  8,707 parameters  saved m.st` */
export function formatSummaryLine(summary: RunSummary): string {
  const parts = [
    'done',
    `${summary.epochs} epoch${summary.epochs === 1 ? '' : 's'}`,
    ...formatMetricPairs(summary),
    // No throughput to show when no epoch ran (--epochs 0, or resuming a finished run).
    ...(summary.samplesPerSecond > 0 ? [`${formatRate(summary.samplesPerSecond)} samples/s`] : []),
    formatDuration(summary.seconds),
    formatWorkers(summary),
    ...(summary.kernels !== undefined ? [`${summary.kernels} kernels`] : []),
    `${formatCount(summary.parameters)} parameters`,
  ];
  if (summary.out !== null) parts.push(`saved ${summary.out}`);
  parts.push(...formatStopAndBest(summary));
  return parts.join(GAP);
}

/** `2 workers`, or under MPI `2 ranks × 2 workers` (ranks × worker threads of each). */
export function formatWorkers(summary: Pick<RunSummary, 'workers' | 'ranks'>): string {
  const workers = `${summary.workers} worker${summary.workers === 1 ? '' : 's'}`;
  return summary.ranks !== undefined && summary.ranks > 1 ? `${summary.ranks} ranks × ${workers}` : workers;
}

/** `stopped early-stopping`, `best epoch 12 val_loss 0.6148 (restored)`: what applies to the run. */
export function formatStopAndBest(summary: RunSummary): string[] {
  const parts: string[] = [];
  if (summary.stopped !== null) parts.push(`stopped ${summary.stopped}`);
  if (summary.best) {
    const { epoch, valLoss, restored } = summary.best;
    parts.push(`best epoch ${epoch} val_loss ${formatMetric(valLoss)}${restored ? ' (restored)' : ''}`);
  }
  return parts;
}
