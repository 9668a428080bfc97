/**
 * `shardwise eval`'s readable output: the loss line, then a classifier's per-class table (as
 * scikit-learn's `classification_report`) and confusion matrix, or a regression model's MAE, RMSE
 * and R² per output and overall. Class names, where the data has them, label the rows and columns.
 */

import type { ClassificationReport, ClassScores, RegressionReport } from '@shardwise/core';
import type { EvaluationMetrics } from '../model/evaluation-metrics.js';
import { formatMetric } from './format-numbers.js';

/** The lines `eval` prints for `result`; `classNames[i]` names class i (else its index). */
export function formatEvaluationReport(
  result: { loss: number; accuracy?: number; metrics: EvaluationMetrics },
  classNames?: readonly string[],
): string {
  const head = [`loss ${formatMetric(result.loss)}`];
  if (result.accuracy !== undefined) head.push(`accuracy ${formatMetric(result.accuracy)}`);
  const body =
    result.metrics.kind === 'classification'
      ? classificationLines(result.metrics, classNames)
      : regressionLines(result.metrics);
  return [head.join('  '), '', ...body].join('\n');
}

/** Per-class scores, the two averages, then the confusion matrix. */
function classificationLines(report: ClassificationReport, classNames?: readonly string[]): string[] {
  const name = (label: number) => classNames?.[label] ?? String(label);
  const scores = (s: ClassScores) => [
    formatMetric(s.precision),
    formatMetric(s.recall),
    formatMetric(s.f1),
    String(s.support),
  ];
  const table = alignColumns([
    ['class', 'precision', 'recall', 'f1-score', 'support'],
    ...report.classes.map((c) => [name(c.label), ...scores(c)]),
    ['macro avg', ...scores(report.macroAvg)],
    ['weighted avg', ...scores(report.weightedAvg)],
  ]);
  const matrix = alignColumns([
    ['true \\ predicted', ...report.classes.map((c) => name(c.label))],
    ...report.confusionMatrix.map((row, t) => [name(t), ...row.map(String)]),
  ]);
  return [...table, '', 'confusion matrix (rows: true class, columns: predicted class)', ...matrix];
}

/** MAE, RMSE and R² per output column, then their averages. */
function regressionLines(report: RegressionReport): string[] {
  const r2 = (value: number | null) => (value === null ? 'n/a' : formatMetric(value));
  return alignColumns([
    ['output', 'MAE', 'RMSE', 'R2'],
    ...report.outputs.map((o, j) => [`y${j}`, formatMetric(o.mae), formatMetric(o.rmse), r2(o.r2)]),
    ['overall', formatMetric(report.overall.mae), formatMetric(report.overall.rmse), r2(report.overall.r2)],
  ]);
}

/** Aligned columns: the first left-aligned, the rest right-aligned, two spaces apart. */
function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}
