// shared/seeds/003: a 2-4-2 ReLU network, softmax + cross-entropy on label 1, one SGD step (lr 0.1).
// The seed prints values rounded to 4 decimals; exact float64 values come from closed forms
// (ERRATA 003: a2[1] = 1/(1 + e^28) ≈ 6.9e-13, so z2.grad = ±0.9999999999993087).
import { describe, expect, it } from 'vitest';
import { Optimizer } from '../optimizers/optimizer.js';
import { arenaFor, BACKENDS, type Backend } from '../testing/backends.js';
import { backwardLayers, forwardLayers, gatherRows, lossBackward } from './forward-backward.js';
import { createMlp } from './mlp.js';

const mlp = createMlp({
  sizes: [2, 4, 2],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
});
// W1 (2×4) and W2 (4×2) are already [in][out]; then the biases w10, w20.
const W1 = [1, 0, -1, 0, 0, 1, 0, -1];
const b1 = [-1, -1, -1, -1];
const W2 = [1, -1, 1, -1, 1, -1, 1, -1];
const b2 = [0, 2];
const seedSource = {
  features: 2,
  outputs: 2,
  x: new Float64Array([3, 14]),
  labels: new Int32Array([1]),
  targets: null,
};

function run(backend: Backend) {
  const arena = arenaFor(backend, 2);
  const params = arena.floats('f64', [...W1, ...b1, ...W2, ...b2]);
  const grad = arena.floats('f64', mlp.layout.count);
  const ws = arena.workspace(mlp, 1);
  const source = arena.source(seedSource);
  gatherRows(source, null, 0, 1, ws);
  forwardLayers(mlp, params, source.x, 0, 1, ws);
  const a1 = Array.from(ws.activations[0]!);
  const logits = Array.from(ws.activations[1]!);
  const loss = lossBackward(mlp, source, 1, ws);
  const z2grad = Array.from(ws.activations[1]!);
  backwardLayers(mlp, params, grad, source.x, 0, 1, ws);
  return { params, grad, a1, logits, loss, z2grad, ws };
}

const p1 = 1 / (1 + Math.exp(28)); // softmax([15, -13])[1]
const g = 1 - p1; // |z2.grad|

describe.each(BACKENDS)('%s kernels', (backend) => {
  describe('seed 003: the worked 2-4-2 ReLU network', () => {
    it('reproduces the activations a1 and a2', () => {
      const { a1, logits } = run(backend);
      expect(a1).toEqual([2, 13, 0, 0]);
      expect(logits).toEqual([15, -13]);
      const a2 = 1 / (1 + Math.exp(logits[0]! - logits[1]!));
      expect(a2).toBeCloseTo(6.91440011e-13, 20);
      expect(a2 / 6.91440011e-13).toBeCloseTo(1, 8);
    });

    it('gives z2.grad = ±0.9999999999993087 and loss −log a2[1]', () => {
      const { z2grad, loss } = run(backend);
      expect(z2grad[0]).toBeCloseTo(0.9999999999993087, 15);
      expect(z2grad[1]).toBeCloseTo(-0.9999999999993087, 15);
      expect(loss).toBeCloseTo(28 + Math.log1p(Math.exp(-28)), 12);
    });

    it('gives a1.grad = 2 for every hidden unit (through W2ᵀ, before the ReLU mask)', () => {
      const { z2grad } = run(backend);
      // a1.grad = dZ2 · W2ᵀ: every row of W2 is [1, −1].
      const a1grad = [0, 1, 2, 3].map((i) => z2grad[0]! * W2[2 * i]! + z2grad[1]! * W2[2 * i + 1]!);
      for (const v of a1grad) expect(Math.abs(v - 2 * g)).toBeLessThan(1e-12);
      for (const v of a1grad) expect(v).toBeCloseTo(2, 4);
    });

    it('updates every parameter as the seed prints after SGD with lr 0.1', () => {
      const { params, grad } = run(backend);
      new Optimizer({ kind: 'sgd', lr: 0.1 }, params.length).update(
        params,
        grad,
        new Float64Array(0),
        1,
        0,
        params.length,
      );
      const W1n = [1 - 0.6 * g, -0.6 * g, -1, 0, -2.8 * g, 1 - 2.8 * g, 0, -1];
      const b1n = [-1 - 0.2 * g, -1 - 0.2 * g, -1, -1];
      const W2n = [1 - 0.2 * g, -1 + 0.2 * g, 1 - 1.3 * g, -1 + 1.3 * g, 1, -1, 1, -1];
      const b2n = [-0.1 * g, 2 + 0.1 * g];
      const exact = [...W1n, ...b1n, ...W2n, ...b2n];
      for (const [i, v] of exact.entries()) expect(Math.abs(params[i]! - v)).toBeLessThan(1e-12);
      // The seed's printed (rounded) values.
      const printed = [
        0.4, -0.6, -1, 0, -2.8, -1.8, 0, -1, -1.2, -1.2, -1, -1, 0.8, -0.8, -0.3, 0.3, 1, -1, 1, -1,
      ];
      printed.push(-0.1, 2.1);
      for (const [i, v] of printed.entries()) expect(params[i]).toBeCloseTo(v, 4);
    });
  });
});
