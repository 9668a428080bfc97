// Seeds 000, 001 and 004 (read with ERRATA): the gradient of the mean cross-entropy through softmax
// is (P − Y)/N, prediction minus target; it stays finite and exact for logits of ±1000.
import { describe, expect, it } from 'vitest';
import { lcg } from '../testing/sources.js';
import {
  softmaxCrossEntropyLabels,
  softmaxCrossEntropyTargets,
  softmaxRows,
} from './softmax-cross-entropy.js';

/** Softmax written the plain way, in float64, as the independent reference. */
function plainSoftmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

const N = 10;
const O = 3;
const next = lcg(7);
const logits = Array.from({ length: N * O }, () => next() * 3);
const labels = Int32Array.from({ length: N }, (_, r) => r % O);

describe('softmax + cross-entropy with integer labels (seed 001)', () => {
  it('returns the summed loss −Σ log p_y and the gradient (p − onehot)/N', () => {
    const z = new Float64Array(logits);
    const loss = softmaxCrossEntropyLabels(z, 0, N, O, labels, 0, 1 / N);
    let expectedLoss = 0;
    for (let r = 0; r < N; r++) {
      const p = plainSoftmax(logits.slice(r * O, r * O + O));
      expectedLoss -= Math.log(p[labels[r]!]!);
      for (let k = 0; k < O; k++) {
        const expected = (p[k]! - (k === labels[r] ? 1 : 0)) / N;
        expect(z[r * O + k]).toBeCloseTo(expected, 15);
      }
    }
    expect(loss).toBeCloseTo(expectedLoss, 12);
  });

  it('has the sign of prediction minus target (ERRATA 004)', () => {
    const z = new Float64Array([2, 0, -2]);
    softmaxCrossEntropyLabels(z, 0, 1, 3, new Int32Array([0]), 0, 1);
    expect(z[0]).toBeLessThan(0); // target class: p − 1 < 0, so gradient descent raises its logit
    expect(z[1]).toBeGreaterThan(0);
    expect(z[2]).toBeGreaterThan(0);
  });
});

describe('softmax + cross-entropy with target rows (seed 000)', () => {
  it('gives (A − Y)/N for one-hot and soft rows that sum to 1', () => {
    const y = new Float64Array(N * O);
    for (let r = 0; r < N; r++) {
      const a = (next() + 1) / 2;
      y[r * O + (r % O)] = a;
      y[r * O + ((r + 1) % O)] = 1 - a;
    }
    const z = new Float64Array(logits);
    const loss = softmaxCrossEntropyTargets(z, 0, N, O, y, 0, 1 / N);
    let expectedLoss = 0;
    for (let r = 0; r < N; r++) {
      const p = plainSoftmax(logits.slice(r * O, r * O + O));
      for (let k = 0; k < O; k++) {
        expectedLoss -= y[r * O + k]! * Math.log(p[k]!);
        expect(z[r * O + k]).toBeCloseTo((p[k]! - y[r * O + k]!) / N, 15);
      }
    }
    expect(loss).toBeCloseTo(expectedLoss, 12);
  });

  it('matches dℓ/dA_o = −Y⊘A_o/N chained through the softmax Jacobian, for rows that do not sum to 1', () => {
    // Seed 000's notebook uses rows that do not sum to 1; chaining its dℓ/dA_o through
    // ∂a_j/∂z_k = a_j(δ_jk − a_k) (seed 001) gives P·Σy − Y, which is what the kernel returns.
    const y = [0.3, 0.9, 0.2];
    const zRow = [0.5, -1.5, 2];
    const a = plainSoftmax(zRow);
    const dA = y.map((v, j) => -v / a[j]!);
    const chained = zRow.map((_, k) =>
      dA.reduce((s, d, j) => s + d * a[j]! * ((j === k ? 1 : 0) - a[k]!), 0),
    );
    const z = new Float64Array(zRow);
    softmaxCrossEntropyTargets(z, 0, 1, 3, new Float64Array(y), 0, 1);
    for (let k = 0; k < 3; k++) expect(z[k]).toBeCloseTo(chained[k]!, 14);
  });
});

describe('numerical stability', () => {
  it('stays finite and exact for logits of ±1000', () => {
    const z = new Float64Array([1000, -1000, 0, -1000, 1000, 999]);
    const loss = softmaxCrossEntropyLabels(z, 0, 2, 3, new Int32Array([1, 2]), 0, 0.5);
    // Row 0: label logit −1000 against 1000 costs 2000; row 1: log(1 + e) against the max 1000.
    expect(loss).toBeCloseTo(2000 + 1 + Math.log1p(Math.exp(-1)), 9);
    expect(Array.from(z).every(Number.isFinite)).toBe(true);
    expect(z[0]).toBeCloseTo(0.5, 15);
    expect(z[1]).toBeCloseTo(-0.5, 15);
    expect(z[4]).toBeCloseTo((1 / (1 + Math.exp(-1))) * 0.5, 15);
  });

  it('keeps soft-target loss finite when a target class has probability e^−2000', () => {
    const z = new Float64Array([1000, -1000]);
    const loss = softmaxCrossEntropyTargets(z, 0, 1, 2, new Float64Array([0.5, 0.5]), 0, 1);
    expect(loss).toBeCloseTo(1000, 9);
    expect(z[0]).toBeCloseTo(0.5, 15);
    expect(z[1]).toBeCloseTo(-0.5, 15);
  });

  it('softmaxRows gives probabilities that sum to 1 for huge logits', () => {
    const z = new Float32Array([1000, 1000, -1000]);
    softmaxRows(z, 0, 1, 3);
    expect(Array.from(z)).toEqual([0.5, 0.5, 0]);
  });
});
