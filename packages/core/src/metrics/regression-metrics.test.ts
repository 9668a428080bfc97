// RegressionMetrics against scikit-learn's definitions worked by hand: mean_absolute_error,
// root_mean_squared_error and r2_score per output, their uniform averages, and r2_score's
// force_finite rule for a constant true column (1.0 if predicted perfectly, else 0.0).
import { describe, expect, it } from 'vitest';
import { RegressionMetrics } from './regression-metrics.js';

function scores(z: number[], y: number[], outputs: number, outActivation: 'identity' | 'tanh' = 'identity') {
  const m = new RegressionMetrics(outputs, 'mse', outActivation);
  m.add(Float64Array.from(z), y.length / outputs, null, Float64Array.from(y));
  return m.report();
}

describe('RegressionMetrics', () => {
  it('MAE, RMSE and R² of one output, by hand', () => {
    // y = [3, -0.5, 2, 7], ŷ = [2.5, 0, 2, 8]: errors 0.5, −0.5, 0, −1 (scikit-learn's r2_score
    // docstring example: R² = 0.948…). ȳ = 2.875, SS_tot = 29.1875, SS_res = 1.5.
    const r = scores([2.5, 0, 2, 8], [3, -0.5, 2, 7], 1);
    expect(r.outputs[0]!.mae).toBeCloseTo(2 / 4, 15);
    expect(r.outputs[0]!.rmse).toBeCloseTo(Math.sqrt(1.5 / 4), 15);
    expect(r.outputs[0]!.r2).toBeCloseTo(1 - 1.5 / 29.1875, 14);
    expect(r.rows).toBe(4);
  });

  it('overall values are the plain means of the per-output ones (multioutput uniform_average)', () => {
    // Rows (y0, y1): y = [[0.5, 1], [-1, 1], [7, -6]], ŷ = [[0, 2], [-1, 2], [8, -5]]
    // (scikit-learn's multioutput r2_score example: uniform average 0.936…).
    const r = scores([0, 2, -1, 2, 8, -5], [0.5, 1, -1, 1, 7, -6], 2);
    const mae = [(0.5 + 0 + 1) / 3, (1 + 1 + 1) / 3];
    const rmse = [Math.sqrt((0.25 + 0 + 1) / 3), 1];
    const mean0 = 6.5 / 3;
    const tot0 = (0.5 - mean0) ** 2 + (-1 - mean0) ** 2 + (7 - mean0) ** 2;
    const mean1 = -4 / 3;
    const tot1 = (1 - mean1) ** 2 * 2 + (-6 - mean1) ** 2;
    const r2 = [1 - 1.25 / tot0, 1 - 3 / tot1];
    r.outputs.forEach((o, j) => {
      expect(o.mae).toBeCloseTo(mae[j]!, 15);
      expect(o.rmse).toBeCloseTo(rmse[j]!, 15);
      expect(o.r2).toBeCloseTo(r2[j]!, 14);
    });
    expect(r.overall.mae).toBeCloseTo((mae[0]! + mae[1]!) / 2, 15);
    expect(r.overall.rmse).toBeCloseTo((rmse[0]! + rmse[1]!) / 2, 15);
    expect(r.overall.r2).toBeCloseTo((r2[0]! + r2[1]!) / 2, 14);
    expect(r.overall.r2).toBeCloseTo(0.9368005266622779, 12);
  });

  it('R²: 1 for a perfect regressor, 0 for one predicting the mean, and force_finite for constant y', () => {
    expect(scores([1, 2, 3], [1, 2, 3], 1).outputs[0]!.r2).toBe(1);
    expect(scores([2, 2, 2], [1, 2, 3], 1).outputs[0]!.r2).toBe(0);
    expect(scores([0.1, 0.1, 0.1], [0.1, 0.1, 0.1], 1).outputs[0]!.r2).toBe(1);
    expect(scores([0.1, 0.2, 0.1], [0.1, 0.1, 0.1], 1).outputs[0]!.r2).toBe(0);
    // Fewer than two rows: not defined (scikit-learn returns NaN with a warning).
    expect(scores([1], [2], 1).outputs[0]!.r2).toBeNull();
    expect(scores([1], [2], 1).overall.r2).toBeNull();
  });

  it('scores the predictions the model makes: tanh outputs, and chunks add up to the whole', () => {
    const r = scores([0.5, -1], [0.2, -0.5], 1, 'tanh');
    expect(r.outputs[0]!.mae).toBeCloseTo(
      (Math.abs(0.2 - Math.tanh(0.5)) + Math.abs(-0.5 - Math.tanh(-1))) / 2,
      15,
    );
    const z = [0.3, 1.2, -0.7, 2.2, 0.9];
    const y = [0.1, 1, -1, 2, 1.5];
    const whole = scores(z, y, 1);
    const chunked = new RegressionMetrics(1, 'mse', 'identity');
    chunked.add(Float64Array.from(z.slice(0, 2)), 2, null, Float64Array.from(y.slice(0, 2)));
    chunked.add(Float64Array.from(z.slice(2)), 3, null, Float64Array.from(y.slice(2)));
    const parts = chunked.report();
    expect(parts.outputs[0]!.mae).toBeCloseTo(whole.outputs[0]!.mae, 15);
    expect(parts.outputs[0]!.rmse).toBeCloseTo(whole.outputs[0]!.rmse, 15);
    expect(parts.outputs[0]!.r2).toBeCloseTo(whole.outputs[0]!.r2!, 14);
  });
});
