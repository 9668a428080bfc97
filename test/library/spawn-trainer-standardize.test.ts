// A model trained by spawnTrainer() with `standardize` comes back with its statistics, so its
// predictions equal those of the same run through train().
import { spawnTrainer, train } from 'shardwise';
import { expect, it } from 'vitest';

const options = {
  dataset: 'blobs',
  features: 3,
  classes: 2,
  samples: 60,
  hidden: [4],
  epochs: 1,
  workers: 1,
  kernels: 'ts',
  standardize: true,
} as const;

it('returns the standardization with the model', async () => {
  const trainer = await spawnTrainer();
  try {
    const remote = await trainer.train(options);
    const local = await train(options);
    expect(remote.model.standardization).not.toBeNull();
    expect([...remote.model.standardization!.mean]).toEqual([...local.model.standardization!.mean]);
    const x = [1, 2, 3, -4, 5, 6];
    expect([...remote.model.predict(x)]).toEqual([...local.model.predict(x)]);
  } finally {
    await trainer.close();
  }
});
