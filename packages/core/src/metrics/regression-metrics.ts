import type { FloatArray } from '../dtype.js';
import type { OutputActivation } from '../kernels/mse.js';
import { LOSSES, type Loss } from '../losses/losses.js';
import type { PredictionObserver } from './prediction-observer.js';

/** MAE, RMSE and R² of one output, or their uniform average over the outputs. */
export interface RegressionScores {
  /** Mean absolute error (`mean_absolute_error`). */
  readonly mae: number;
  /** Root mean squared error (`root_mean_squared_error`). */
  readonly rmse: number;
  /**
   * Coefficient of determination (`r2_score`, force_finite=True): 1 − SS_res/SS_tot; for a constant
   * true column 1 when predicted perfectly, else 0; null with fewer than 2 rows (scikit-learn: NaN).
   */
  readonly r2: number | null;
}

/** Everything `eval` reports for a regression model. */
export interface RegressionReport {
  /** Always `'regression'`. */
  readonly kind: 'regression';
  /** Rows evaluated. */
  readonly rows: number;
  /** One entry per output column. */
  readonly outputs: readonly RegressionScores[];
  /** The mean of the per-output values (scikit-learn's multioutput='uniform_average'). */
  readonly overall: RegressionScores;
}

/**
 * Per-output sums for MAE, RMSE and R², gathered a chunk at a time in one pass: Σ|e|, Σe², and the
 * true values' running mean and Σ(y − ȳ)² (Welford's update, exact 0 for a constant column).
 * The predictions are the loss's own (`LOSSES[loss].predict`, e.g. tanh outputs), made in a
 * scratch buffer that grows with the largest chunk; nothing is allocated per row.
 */
export class RegressionMetrics implements PredictionObserver {
  /** Output columns scored. */
  readonly outputs: number;
  private rows = 0;
  private readonly absSum: Float64Array;
  private readonly squareSum: Float64Array;
  private readonly mean: Float64Array;
  private readonly spread: Float64Array;
  private scratch = new Float64Array(0);

  /** Sums for `outputs` columns of a model trained with `loss` and `outActivation`. */
  constructor(
    outputs: number,
    private readonly loss: Loss,
    private readonly outActivation: OutputActivation,
  ) {
    this.outputs = outputs;
    this.absSum = new Float64Array(outputs);
    this.squareSum = new Float64Array(outputs);
    this.mean = new Float64Array(outputs);
    this.spread = new Float64Array(outputs);
  }

  /** Adds `rows` rows of raw outputs `z` against their target rows. */
  add(z: FloatArray, rows: number, _labels: Int32Array | null, targets: FloatArray | null): void {
    const o = this.outputs;
    const n = rows * o;
    if (this.scratch.length < n) this.scratch = new Float64Array(n);
    const predicted = this.scratch;
    for (let i = 0; i < n; i++) predicted[i] = z[i]!;
    LOSSES[this.loss].predict(predicted, rows, o, this.outActivation);
    for (let r = 0; r < rows; r++) {
      const count = ++this.rows;
      for (let j = 0; j < o; j++) {
        const y = targets![r * o + j]!;
        const e = y - predicted[r * o + j]!;
        this.absSum[j] = this.absSum[j]! + Math.abs(e);
        this.squareSum[j] = this.squareSum[j]! + e * e;
        const delta = y - this.mean[j]!;
        this.mean[j] = this.mean[j]! + delta / count;
        this.spread[j] = this.spread[j]! + delta * (y - this.mean[j]!);
      }
    }
  }

  /** The scores so far. */
  report(): RegressionReport {
    const n = this.rows;
    const outputs: RegressionScores[] = [];
    for (let j = 0; j < this.outputs; j++) {
      outputs.push({
        mae: n === 0 ? 0 : this.absSum[j]! / n,
        rmse: n === 0 ? 0 : Math.sqrt(this.squareSum[j]! / n),
        r2: n < 2 ? null : r2Score(this.squareSum[j]!, this.spread[j]!),
      });
    }
    const average = (key: 'mae' | 'rmse') => outputs.reduce((s, x) => s + x[key], 0) / this.outputs;
    return {
      kind: 'regression',
      rows: n,
      outputs,
      overall: {
        mae: average('mae'),
        rmse: average('rmse'),
        r2: n < 2 ? null : outputs.reduce((s, x) => s + x.r2!, 0) / this.outputs,
      },
    };
  }
}

/** 1 − residual/total, with scikit-learn's force_finite rule for a constant true column. */
function r2Score(residual: number, total: number): number {
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}
