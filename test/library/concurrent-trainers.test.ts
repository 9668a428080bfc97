// Several trainings at once in one process do not interfere: each gives exactly what it gives alone.
import { train } from 'shardwise';
import { describe, expect, it } from 'vitest';

const configurations = [
  { dataset: 'spirals', samples: 600, hidden: [32, 32], epochs: 3, workers: 2, seed: 1 },
  {
    dataset: 'moons',
    samples: 500,
    hidden: [16],
    epochs: 4,
    workers: 1,
    seed: 2,
    optimizer: 'momentum',
    lr: 0.05,
  },
  { dataset: 'teacher', samples: 400, hidden: [24], epochs: 3, workers: 2, seed: 3, dtype: 'f64' },
  { dataset: 'circles', samples: 400, hidden: [8], epochs: 3, workers: 1, seed: 4, valSplit: 0.2 },
] as const;

describe('concurrent trainers', () => {
  it('4 trainings at once give the results each gives alone, bit for bit', async () => {
    const alone = [];
    for (const options of configurations) alone.push(await train(options));
    const together = await Promise.all(configurations.map((options) => train(options)));
    for (let i = 0; i < configurations.length; i++) {
      expect(Array.from(together[i]!.model.parameters)).toEqual(Array.from(alone[i]!.model.parameters));
      expect(together[i]!.history.map((h) => h.loss)).toEqual(alone[i]!.history.map((h) => h.loss));
    }
  });
});
