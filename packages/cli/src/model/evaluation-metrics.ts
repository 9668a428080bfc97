/** The metrics `Model.evaluate` and `shardwise eval` report, gathered in the evaluation's own forward pass. */

import {
  type ClassificationReport,
  ConfusionMatrix,
  classificationReport,
  LOSSES,
  type MlpConfig,
  type PredictionObserver,
  RegressionMetrics,
  type RegressionReport,
} from '@shardwise/core';

/** A classifier's report (accuracy, per-class scores, confusion matrix) or a regression model's (MAE, RMSE, R²). */
export type EvaluationMetrics = ClassificationReport | RegressionReport;

/** What gathers the metrics during an evaluation, and turns them into the report afterwards. */
export interface MetricsGatherer {
  /** Passed to the forward runner's `evaluate`. */
  readonly observer: PredictionObserver;
  /** The report over every row seen. */
  report(): EvaluationMetrics;
}

/** A gatherer for a model with `config`: a confusion matrix for a classifier, error sums for regression. */
export function metricsGathererFor(config: MlpConfig): MetricsGatherer {
  const outputs = config.sizes[config.sizes.length - 1]!;
  if (LOSSES[config.loss].classification) {
    const matrix = new ConfusionMatrix(outputs);
    return { observer: matrix, report: () => classificationReport(matrix.counts, outputs) };
  }
  const sums = new RegressionMetrics(outputs, config.loss, config.outActivation);
  return { observer: sums, report: () => sums.report() };
}
