// Model.evaluate's metrics are those of its own predictions: recomputed here from predict()'s
// output with scikit-learn's formulas (argmax labels → confusion matrix → precision/recall/F1;
// errors → MAE, RMSE, R²), on both forward kernels and across chunk boundaries.
import { allocate, type MlpConfig, parameterLayout } from '@shardwise/core';
import { describe, expect, it } from 'vitest';
import { Model } from './model.js';

function params(config: MlpConfig, seed: number) {
  const p = allocate('f64', parameterLayout(config.sizes).count);
  for (let i = 0; i < p.length; i++) p[i] = Math.sin(seed * 7.3 + i * 1.91);
  return p;
}

const ROWS = 1500; // more than one forward chunk (1024 rows)
const x = Float64Array.from({ length: ROWS * 3 }, (_, i) => Math.cos(i * 0.37) * 2);

describe.each(['ts', 'wasm'] as const)('Model.evaluate metrics (%s kernels)', (kernels) => {
  it('classification: accuracy, per-class scores and confusion matrix of the argmax predictions', () => {
    const config: MlpConfig = {
      sizes: [3, 6, 3],
      activation: 'tanh',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f64',
    };
    const model = new Model(config, params(config, 1), { kernels });
    const labels = Int32Array.from({ length: ROWS }, (_, i) => (i * 5 + (i >> 3)) % 3);
    const p = model.predict(x);
    const cm = [0, 1, 2].map(() => [0, 0, 0]);
    for (let i = 0; i < ROWS; i++) {
      const row = [p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!];
      cm[labels[i]!]![row.indexOf(Math.max(...row))]! += 1;
    }
    const { accuracy, metrics } = model.evaluate({ x, features: 3, labels });
    if (metrics.kind !== 'classification') throw new Error('expected a classification report');
    expect(metrics.confusionMatrix).toEqual(cm);
    expect(metrics.accuracy).toBe((cm[0]![0]! + cm[1]![1]! + cm[2]![2]!) / ROWS);
    expect(accuracy).toBe(metrics.accuracy);
    for (let c = 0; c < 3; c++) {
      const tp = cm[c]![c]!;
      const support = cm[c]!.reduce((a, b) => a + b, 0);
      const predicted = cm.reduce((a, row) => a + row[c]!, 0);
      const scores = metrics.classes[c]!;
      expect(scores.support).toBe(support);
      expect(scores.precision).toBeCloseTo(predicted ? tp / predicted : 0, 14);
      expect(scores.recall).toBeCloseTo(support ? tp / support : 0, 14);
      expect(scores.f1).toBeCloseTo((2 * tp) / (support + predicted), 14);
    }
  });

  it('regression: MAE, RMSE and R² per output and their means, of the tanh predictions', () => {
    const config: MlpConfig = {
      sizes: [3, 5, 2],
      activation: 'relu',
      loss: 'mse',
      outActivation: 'tanh',
      dtype: 'f64',
    };
    const model = new Model(config, params(config, 2), { kernels });
    const targets = Float64Array.from({ length: ROWS * 2 }, (_, i) => Math.sin(i * 0.11) * 0.8);
    const p = model.predict(x);
    const { metrics } = model.evaluate({ x, features: 3, targets });
    if (metrics.kind !== 'regression') throw new Error('expected a regression report');
    for (let j = 0; j < 2; j++) {
      let abs = 0;
      let sq = 0;
      let mean = 0;
      for (let i = 0; i < ROWS; i++) mean += targets[2 * i + j]! / ROWS;
      let tot = 0;
      for (let i = 0; i < ROWS; i++) {
        const e = targets[2 * i + j]! - p[2 * i + j]!;
        abs += Math.abs(e);
        sq += e * e;
        tot += (targets[2 * i + j]! - mean) ** 2;
      }
      expect(metrics.outputs[j]!.mae).toBeCloseTo(abs / ROWS, 12);
      expect(metrics.outputs[j]!.rmse).toBeCloseTo(Math.sqrt(sq / ROWS), 12);
      expect(metrics.outputs[j]!.r2).toBeCloseTo(1 - sq / tot, 12);
    }
    expect(metrics.overall.mae).toBeCloseTo((metrics.outputs[0]!.mae + metrics.outputs[1]!.mae) / 2, 15);
    expect(metrics.overall.r2).toBeCloseTo((metrics.outputs[0]!.r2! + metrics.outputs[1]!.r2!) / 2, 15);
  });
});
