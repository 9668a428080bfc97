// Rows picked through an order array (a shuffled epoch) give exactly the gradient of the same rows
// stored contiguously: the gather copies rows, it changes no arithmetic.
import { describe, expect, it } from 'vitest';
import { labelledSource, lcg } from '../testing/sources.js';
import { forwardBackward } from './forward-backward.js';
import { createMlp } from './mlp.js';
import { createWorkspace } from './workspace.js';

describe('forwardBackward over an order array', () => {
  it('equals the contiguous computation on the permuted rows, bit for bit', () => {
    const mlp = createMlp({
      sizes: [6, 8, 4],
      activation: 'tanh',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f64',
    });
    const source = labelledSource('f64', 30, 6, 4, 9);
    const order = Int32Array.from({ length: 30 }, (_, i) => (i * 7) % 30);
    const permuted = {
      ...source,
      x: Float64Array.from({ length: 30 * 6 }, (_, i) => source.x[order[Math.floor(i / 6)]! * 6 + (i % 6)]!),
      labels: Int32Array.from(order, (row) => source.labels![row]!),
    };
    const next = lcg(2);
    const params = Float64Array.from({ length: mlp.layout.count }, () => next());
    const viaOrder = new Float64Array(mlp.layout.count);
    const direct = new Float64Array(mlp.layout.count);
    const ws = createWorkspace(mlp, 30);
    const lossA = forwardBackward(mlp, params, viaOrder, source, order, 5, 25, ws);
    const lossB = forwardBackward(mlp, params, direct, permuted, null, 5, 25, ws);
    expect(lossA).toBe(lossB);
    expect(Array.from(viaOrder)).toEqual(Array.from(direct));
  });

  it('gives a zero gradient and zero loss for an empty row range', () => {
    const mlp = createMlp({
      sizes: [6, 4],
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f32',
    });
    const grad = new Float32Array(mlp.layout.count).fill(Number.NaN);
    const loss = forwardBackward(
      mlp,
      new Float32Array(mlp.layout.count),
      grad,
      labelledSource('f32', 3, 6, 4, 1),
      null,
      2,
      2,
      createWorkspace(mlp, 3),
    );
    expect(loss).toBe(0);
    expect(grad.every((v) => v === 0)).toBe(true);
  });
});
