// `kernels: 'auto'` for a training run: native where the addon loads and a layer has at least
// 1024 weights, wasm for a smaller model; the summary says which, and the run's forward passes
// (validation, Trainer.evaluate, trainer.model) follow it.
import { nativeKernelsUnavailable } from '@shardwise/worker';
import { Model, Trainer } from 'shardwise';
import { describe, expect, it } from 'vitest';

const missing = nativeKernelsUnavailable();

/** `rows` rows of `features` values and a label in [0, 3), from a fixed formula. */
function rowsOf(rows: number, features: number) {
  const x = Float64Array.from({ length: rows * features }, (_, i) => Math.sin(i * 0.37) + 0.1 * (i % 7));
  const labels = Int32Array.from({ length: rows }, (_, r) => (r * 5) % 3);
  return { x, features, labels };
}

describe('kernels auto', () => {
  it('runs a model with a 40 × 32 layer on native where the addon loads, else on wasm', async () => {
    const data = rowsOf(48, 40);
    const trainer = await Trainer.create({
      data,
      hidden: [32],
      batchSize: 16,
      epochs: 1,
      workers: 1,
      dtype: 'f64',
      valSplit: 0.25,
    });
    try {
      expect(trainer.summary.kernels).toBe(missing === null ? 'native' : 'wasm');
      const metrics = await trainer.epoch();
      // Validation ran on the run's kernels: the same bits as a copy of the model evaluating them.
      const copy = trainer.model;
      expect(trainer.evaluate().loss).toBe(metrics.valLoss);
      const reference = new Model(copy.config, copy.parameters, { kernels: 'ts' });
      expect(Math.abs(copy.evaluate(data).loss - reference.evaluate(data).loss)).toBeLessThan(1e-12);
    } finally {
      await trainer.close();
    }
  });

  it('runs a model whose layers are all smaller on wasm', async () => {
    const trainer = await Trainer.create({ data: rowsOf(32, 2), hidden: [16], epochs: 1, workers: 1 });
    try {
      expect(trainer.summary.kernels).toBe('wasm');
    } finally {
      await trainer.close();
    }
  });
});
