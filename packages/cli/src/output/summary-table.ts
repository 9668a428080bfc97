/** The end-of-run table shown after a live (terminal) run. */

import { formatCount, formatDuration, formatMetric, formatRate } from './format-numbers.js';
import type { RunSummary } from './run-summary.js';

/** Rows of label and value, leaving out what does not apply to this run. */
export function summaryRows(summary: RunSummary): [string, string][] {
  const rows: [string, string][] = [['epochs', String(summary.epochs)]];
  if (summary.loss !== undefined) rows.push(['loss', formatMetric(summary.loss)]);
  if (summary.accuracy !== undefined) rows.push(['accuracy', formatMetric(summary.accuracy)]);
  if (summary.valLoss !== undefined) rows.push(['val loss', formatMetric(summary.valLoss)]);
  if (summary.valAccuracy !== undefined) rows.push(['val accuracy', formatMetric(summary.valAccuracy)]);
  if (summary.samplesPerSecond > 0) rows.push(['samples/s', formatRate(summary.samplesPerSecond)]);
  rows.push(['total time', formatDuration(summary.seconds)]);
  if (summary.ranks !== undefined && summary.ranks > 1) rows.push(['ranks', String(summary.ranks)]);
  rows.push(['workers', String(summary.workers)]);
  if (summary.kernels !== undefined) rows.push(['kernels', summary.kernels]);
  rows.push(['parameters', formatCount(summary.parameters)]);
  if (summary.out !== null) rows.push(['checkpoint', summary.out]);
  if (summary.stopped !== null) rows.push(['stopped', summary.stopped]);
  if (summary.best) {
    const { epoch, valLoss, restored } = summary.best;
    rows.push(['best epoch', `${epoch} (val loss ${formatMetric(valLoss)}${restored ? ', restored' : ''})`]);
  }
  return rows;
}

/** The table as text, labels padded into one column, ending with a newline. */
export function formatSummaryTable(summary: RunSummary): string {
  const rows = summaryRows(summary);
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}
