// Rows picked through an order array (a shuffled epoch) give exactly the gradient of the same rows
// stored contiguously: the gather copies rows, it changes no arithmetic.
import { describe, expect, it } from 'vitest';
import { allocate, DTYPES } from '../dtype.js';
import { arenaFor, BACKENDS } from '../testing/backends.js';
import { labelledSource, lcg } from '../testing/sources.js';
import { forwardBackward } from './forward-backward.js';
import { createMlp } from './mlp.js';
import { createWorkspace } from './workspace.js';

describe.each(BACKENDS)('forwardBackward over an order array (%s kernels)', (backend) => {
  it.each(DTYPES)('equals the contiguous computation on the permuted rows, bit for bit (%s)', (dtype) => {
    const mlp = createMlp({
      sizes: [6, 8, 4],
      activation: 'tanh',
      loss: 'ce',
      outActivation: 'identity',
      dtype,
    });
    const arena = arenaFor(backend);
    const source = arena.source(labelledSource(dtype, 30, 6, 4, 9));
    const order = arena.int32(Int32Array.from({ length: 30 }, (_, i) => (i * 7) % 30));
    const permuted = arena.source({
      ...source,
      x: allocate(dtype, 30 * 6).map((_, i) => source.x[order[Math.floor(i / 6)]! * 6 + (i % 6)]!),
      labels: Int32Array.from(order, (row) => source.labels![row]!),
    });
    const next = lcg(2);
    const params = arena.floats(
      dtype,
      Float64Array.from({ length: mlp.layout.count }, () => next()),
    );
    const viaOrder = arena.floats(dtype, mlp.layout.count);
    const direct = arena.floats(dtype, mlp.layout.count);
    const ws = arena.workspace(mlp, 30);
    const lossA = forwardBackward(mlp, params, viaOrder, source, order, 5, 25, ws);
    const lossB = forwardBackward(mlp, params, direct, permuted, null, 5, 25, ws);
    expect(lossA).toBe(lossB);
    expect(Array.from(viaOrder)).toEqual(Array.from(direct));
  });
});

describe('forwardBackward over an order array', () => {
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
