// Class-weighted cross-entropy against PyTorch's CrossEntropyLoss(weight=w, reduction='mean'),
// written out here from its definition: labels give Σ w[yᵢ]·lᵢ / Σ w[yᵢ] with gradient
// w[yᵢ]·(softmax(zᵢ) − onehot(yᵢ)) / Σ w[yᵢ]; probability targets give Σᵢ (−Σⱼ wⱼ yᵢⱼ log pᵢⱼ) / N.
// With no weights the loss runs today's unweighted path, and all-ones weights agree with it bit for bit.
import { describe, expect, it } from 'vitest';
import { validateMlpConfig } from '../mlp/config.js';
import { LOSSES } from './losses.js';

const logits = [
  [2, 0, -1],
  [0.5, 3, -1],
  [1, 1, 1],
  [-2, 0.25, 4],
  [0, -3, 2],
];
const labels = [0, 2, 1, 2, 2];
const weights = [0.5, 3, 1.25];

function softmax(row: number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function run(w: number[] | null, rowLabels = labels) {
  const z = Float64Array.from(logits.flat());
  const count = { correct: -1, weightSum: -1 };
  const loss = LOSSES.ce.lossBackward(
    z,
    rowLabels.length,
    3,
    'identity',
    Int32Array.from(rowLabels),
    new Float64Array(z.length),
    count,
    w && Float64Array.from(w),
  );
  return { loss, grad: z, count };
}

describe('class-weighted cross-entropy (labels)', () => {
  it('is the weighted mean Σ w[y]·(−log p_y) / Σ w[y], with gradient w[y]·(p − onehot)/Σ w[y]', () => {
    const total = labels.reduce((s, y) => s + weights[y]!, 0);
    const expectedLoss =
      logits.reduce((s, row, i) => s - weights[labels[i]!]! * Math.log(softmax(row)[labels[i]!]!), 0) / total;
    const { loss, grad, count } = run(weights);
    expect(Math.abs(loss - expectedLoss)).toBeLessThan(1e-15);
    expect(count.weightSum).toBe(total);
    logits.forEach((row, i) => {
      const p = softmax(row);
      for (let j = 0; j < 3; j++) {
        const expected = (weights[labels[i]!]! * (p[j]! - (j === labels[i] ? 1 : 0))) / total;
        expect(Math.abs(grad[i * 3 + j]! - expected)).toBeLessThan(1e-15);
      }
    });
    // Rows 0 (argmax 0), 3 and 4 (argmax 2) match their labels; accuracy ignores the weights.
    expect(count.correct).toBe(3);
  });

  it('with all weights 1 equals the unweighted loss bit for bit (and null runs the unweighted path)', () => {
    const plain = run(null);
    const ones = run([1, 1, 1]);
    expect(Object.is(ones.loss, plain.loss)).toBe(true);
    expect(Array.from(ones.grad)).toEqual(Array.from(plain.grad));
    expect(plain.count.weightSum).toBe(labels.length);
    expect(ones.count.weightSum).toBe(labels.length);
  });

  it('scaling every weight by the same factor leaves the loss and gradient unchanged', () => {
    const a = run(weights);
    const b = run(weights.map((w) => w * 8));
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-15);
    for (let i = 0; i < a.grad.length; i++) expect(Math.abs(a.grad[i]! - b.grad[i]!)).toBeLessThan(1e-15);
  });

  it('rows that all weigh 0 give loss 0, a zero gradient and weight 0 (not NaN)', () => {
    const { loss, grad, count } = run([1, 1, 0], [2, 2, 2, 2, 2]);
    expect(loss).toBe(0);
    expect(Array.from(grad).every((g) => g === 0)).toBe(true);
    expect(count.weightSum).toBe(0);
  });
});

describe('class-weighted cross-entropy (probability targets)', () => {
  it('is Σᵢ (−Σⱼ wⱼ yᵢⱼ log pᵢⱼ) / N, as PyTorch defines it for class probabilities', () => {
    const y = [
      [0.2, 0.5, 0.3],
      [1, 0, 0],
      [0, 0.25, 0.75],
    ];
    const z = Float64Array.from(logits.slice(0, 3).flat());
    const count = { correct: -1, weightSum: -1 };
    const loss = LOSSES.ce.lossBackward(
      z,
      3,
      3,
      'identity',
      null,
      Float64Array.from(y.flat()),
      count,
      Float64Array.from(weights),
    );
    let expected = 0;
    for (let i = 0; i < 3; i++) {
      const p = softmax(logits[i]!);
      for (let j = 0; j < 3; j++) expected -= (weights[j]! * y[i]![j]! * Math.log(p[j]!)) / 3;
      // d/dz_j of −Σ_c w_c y_c log p_c = p_j Σ_c w_c y_c − w_j y_j, over N rows.
      const mass = y[i]!.reduce((s, v, c) => s + weights[c]! * v, 0);
      for (let j = 0; j < 3; j++) {
        const g = (p[j]! * mass - weights[j]! * y[i]![j]!) / 3;
        expect(Math.abs(z[i * 3 + j]! - g)).toBeLessThan(1e-15);
      }
    }
    expect(Math.abs(loss - expected)).toBeLessThan(1e-15);
    expect(count.weightSum).toBe(3);
  });
});

describe('class weights in a network config', () => {
  const base = { sizes: [2, 3], activation: 'tanh', outActivation: 'identity', dtype: 'f64' } as const;
  it('need a classification loss, one finite weight ≥ 0 per output, not all 0', () => {
    expect(() => validateMlpConfig({ ...base, loss: 'ce', classWeights: [1, 2, 0] })).not.toThrow();
    expect(() => validateMlpConfig({ ...base, loss: 'mse', classWeights: [1, 2, 3] })).toThrow(
      /classification loss, not mse/,
    );
    expect(() => validateMlpConfig({ ...base, loss: 'ce', classWeights: [1, 2] })).toThrow(
      /3 numbers.*got 2/,
    );
    expect(() => validateMlpConfig({ ...base, loss: 'ce', classWeights: [1, -2, 3] })).toThrow(/≥ 0, got -2/);
    expect(() => validateMlpConfig({ ...base, loss: 'ce', classWeights: [1, Number.NaN, 3] })).toThrow(/≥ 0/);
    expect(() => validateMlpConfig({ ...base, loss: 'ce', classWeights: [0, 0, 0] })).toThrow(/all be 0/);
  });
});
