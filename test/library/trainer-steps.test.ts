// The Trainer runs the same training step by step: step() and epoch() compose to what train()
// computes, and arrays given from code train like a synthetic set.
import { Trainer, train } from 'shardwise';
import { describe, expect, it } from 'vitest';

const options = {
  dataset: 'xor',
  samples: 300,
  hidden: [8],
  epochs: 2,
  batchSize: 32,
  workers: 2,
  seed: 3,
} as const;

describe('Trainer', () => {
  it('step() × steps then epoch() equals train() for the same options', async () => {
    const reference = await train(options);
    const trainer = await Trainer.create(options);
    try {
      const seen: number[] = [];
      for (let s = 0; s < trainer.stepsPerEpoch; s++) seen.push((await trainer.step()).step);
      expect(seen).toEqual(Array.from({ length: trainer.stepsPerEpoch }, (_, i) => i));
      expect(trainer.epochsDone).toBe(1);
      await trainer.epoch();
      expect(trainer.epochsDone).toBe(2);
      expect(Array.from(trainer.model.parameters)).toEqual(Array.from(reference.model.parameters));
      expect(trainer.history.map((h) => h.loss)).toEqual(reference.history.map((h) => h.loss));
      await expect(trainer.epoch()).rejects.toThrow(/all 2 epochs are done/);
    } finally {
      await trainer.close();
    }
  });

  it('iterates the epochs with for await, calling onStep for every step', async () => {
    let steps = 0;
    const trainer = await Trainer.create({ ...options, onStep: () => steps++ });
    try {
      const epochs: number[] = [];
      for await (const metrics of trainer) epochs.push(metrics.epoch);
      expect(epochs).toEqual([1, 2]);
      expect(steps).toBe(2 * trainer.stepsPerEpoch);
    } finally {
      await trainer.close();
    }
  });

  it('trains on typed arrays given from code', async () => {
    const rows = 400;
    const x = new Float64Array(rows * 2);
    const labels = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      x[2 * r] = Math.cos(r);
      x[2 * r + 1] = Math.sin(r * 1.7);
      labels[r] = x[2 * r]! > 0 ? 1 : 0;
    }
    const { history, model } = await train({
      data: { x, features: 2, labels },
      hidden: [8],
      epochs: 20,
      lr: 0.05,
    });
    expect(history.at(-1)!.accuracy).toBeGreaterThan(0.95);
    expect(model.predict([0.9, 0]).length).toBe(2);
  });
});
