// A small network trained single-threaded, with nothing but core, learns the 3-class spiral:
// over 95% training accuracy.
import { describe, expect, it } from 'vitest';
import { spirals } from '../datasets/spirals.js';
import { Optimizer } from '../optimizers/optimizer.js';
import { Rng } from '../rng.js';
import { evaluateRows } from './evaluate.js';
import { forwardBackward } from './forward-backward.js';
import { initParameters } from './init.js';
import { createMlp } from './mlp.js';
import { createWorkspace } from './workspace.js';

describe('single-threaded training', () => {
  it('reaches over 95% training accuracy on spirals', () => {
    const data = spirals({ samples: 1500, seed: 1, dtype: 'f32' });
    const mlp = createMlp({
      sizes: [2, 64, 64, 3],
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f32',
    });
    const rng = new Rng(1);
    const params = new Float32Array(mlp.layout.count);
    initParameters(mlp, params, rng);
    const grad = new Float32Array(params.length);
    const adam = new Optimizer({ kind: 'adam', lr: 0.01 }, params.length);
    const state = new Float32Array(adam.stateSize);
    const batch = 64;
    const ws = createWorkspace(mlp, batch);
    const order = Int32Array.from({ length: data.rows }, (_, i) => i);
    let step = 0;
    for (let epoch = 0; epoch < 40; epoch++) {
      rng.shuffle(order);
      for (let from = 0; from < data.rows; from += batch) {
        forwardBackward(mlp, params, grad, data, order, from, Math.min(from + batch, data.rows), ws);
        adam.update(params, grad, state, ++step, 0, params.length);
      }
    }
    const { accuracy, loss } = evaluateRows(mlp, params, data, data.rows, createWorkspace(mlp, 256));
    expect(accuracy).toBeGreaterThan(0.95);
    expect(loss).toBeLessThan(0.2);
  });
});
