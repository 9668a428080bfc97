// The losses table: one definition per name, and each definition's properties hold for what its
// functions do (a classifier's predictions are probabilities and it counts correct rows; a
// regression loss predicts raw or activated values and counts none).
import { describe, expect, it } from 'vitest';
import { validateMlpConfig } from '../mlp/config.js';
import { isLoss, LOSS_NAMES, LOSSES } from './losses.js';

describe('LOSSES', () => {
  it('has exactly one definition per name, and nothing else', () => {
    expect(Object.keys(LOSSES).sort()).toEqual([...LOSS_NAMES].sort());
    for (const name of LOSS_NAMES) expect(isLoss(name)).toBe(true);
    for (const name of ['bce', 'toString', '__proto__', 3]) expect(isLoss(name)).toBe(false);
  });

  it('cross-entropy: mean −log p of the label, (P − Y)/N as gradient, softmax predictions, correct rows counted', () => {
    const z = Float64Array.from([2, 0, 0, 1, 3, -1]);
    const count = { correct: -1, weightSum: -1 };
    const labels = Int32Array.from([0, 2]);
    const loss = LOSSES.ce.lossBackward(
      z.slice(),
      2,
      3,
      'identity',
      labels,
      new Float64Array(6),
      count,
      null,
    );
    const logSoftmax = (row: number[], j: number) =>
      row[j]! - Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
    const expected = -(logSoftmax([2, 0, 0], 0) + logSoftmax([1, 3, -1], 2)) / 2;
    expect(loss).toBeCloseTo(expected, 14);
    expect(count.correct).toBe(1); // row 0 argmax 0 = label; row 1 argmax 1 ≠ 2
    expect(count.weightSum).toBe(2);
    const p = z.slice();
    LOSSES.ce.predict(p, 2, 3, 'identity');
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 15);
    expect(p[3]! + p[4]! + p[5]!).toBeCloseTo(1, 15);
    expect(LOSSES.ce.classification).toBe(true);
    expect(LOSSES.ce.minOutputs).toBe(2);
  });

  it('mse: mean of squared errors over rows × outputs, no accuracy, predictions through the output activation', () => {
    const z = Float64Array.from([0.5, -1, 2, 0]);
    const targets = Float64Array.from([0, 0, 1, 1]);
    const count = { correct: -1, weightSum: -1 };
    const grad = z.slice();
    const loss = LOSSES.mse.lossBackward(grad, 2, 2, 'identity', null, targets, count, null);
    expect(loss).toBeCloseTo((0.25 + 1 + 1 + 1) / 4, 15);
    expect(Array.from(grad)).toEqual([(2 * 0.5) / 4, (2 * -1) / 4, (2 * 1) / 4, (2 * -1) / 4]);
    expect(count.correct).toBe(0);
    expect(count.weightSum).toBe(2);
    const raw = z.slice();
    LOSSES.mse.predict(raw, 2, 2, 'identity');
    expect(Array.from(raw)).toEqual(Array.from(z));
    const squashed = z.slice();
    LOSSES.mse.predict(squashed, 2, 2, 'tanh');
    expect(Array.from(squashed)).toEqual(Array.from(z, Math.tanh));
    expect(LOSSES.mse.classification).toBe(false);
  });

  it('a network config is checked against the table: unknown names and too few outputs', () => {
    const base = { sizes: [2, 3], activation: 'tanh', outActivation: 'identity', dtype: 'f64' } as const;
    expect(() => validateMlpConfig({ ...base, loss: 'hinge' as 'ce' })).toThrow(
      /unknown loss "hinge" \(expected one of ce, mse\)/,
    );
    expect(() => validateMlpConfig({ ...base, sizes: [2, 1], loss: 'ce' })).toThrow(/at least 2 outputs/);
    expect(() => validateMlpConfig({ ...base, sizes: [2, 1], loss: 'mse' })).not.toThrow();
  });
});
