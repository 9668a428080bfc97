// shared/seeds/002: one linear layer, tanh output, MSE averaged over the n outputs, checked
// against numpy's own numbers (fixtures/generate-seed-002.py, np.random.seed(0)).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arenaFor, BACKENDS } from '../testing/backends.js';
import { forwardBackward } from './forward-backward.js';
import { createMlp } from './mlp.js';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/seed-002-tanh-mse.json', import.meta.url), 'utf8'),
) as {
  I: number[];
  T: number[];
  W: number[][];
  O: number[];
  loss: number;
  dW: number[][];
};
const m = 10;
const n = 5;

describe.each(BACKENDS)('seed 002: tanh + MSE layer, %s kernels', (backend) => {
  const arena = arenaFor(backend, 2);
  const mlp = createMlp({
    sizes: [m, n],
    activation: 'tanh',
    loss: 'mse',
    outActivation: 'tanh',
    dtype: 'f64',
  });
  // W is m×n in the seed with a_α = Σ_β w_βα i_β: exactly our [in][out] layout. No bias: zeros.
  const params = arena.floats('f64', [...fixture.W.flat(), ...new Array(n).fill(0)]);
  const grad = arena.floats('f64', mlp.layout.count);
  const source = arena.source({
    features: m,
    outputs: n,
    x: new Float64Array(fixture.I),
    labels: null,
    targets: new Float64Array(fixture.T),
  });
  const ws = arena.workspace(mlp, 1);
  const loss = forwardBackward(mlp, params, grad, source, null, 0, 1, ws);

  it('matches numpy’s loss', () => {
    expect(Math.abs(loss - fixture.loss)).toBeLessThan(1e-12 * fixture.loss);
  });

  it('matches numpy’s dl/dW = outer(I, (2/n)(O−T)(1−tanh²A)) element by element', () => {
    const dW = fixture.dW.flat();
    for (let i = 0; i < m * n; i++)
      expect(Math.abs(grad[i]! - dW[i]!)).toBeLessThan(1e-12 * Math.abs(dW[i]!) + 1e-300);
  });

  it('gives the bias the same factor without the input: (2/n)(O−T)(1−O²)', () => {
    for (let a = 0; a < n; a++) {
      const o = fixture.O[a]!;
      const expected = (2 / n) * (o - fixture.T[a]!) * (1 - o * o);
      expect(grad[m * n + a]).toBeCloseTo(expected, 15);
    }
  });
});
