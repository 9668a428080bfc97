// spawnTrainer().close() while a train() is running rejects that train() with an AbortError by the
// time close() resolves, instead of leaving it pending forever; train() after close() rejects too.
import { spawnTrainer } from 'shardwise';
import { describe, expect, it } from 'vitest';

const options = {
  dataset: 'moons',
  samples: 2000,
  hidden: [32],
  epochs: 10_000,
  workers: 2,
  seed: 1,
} as const;

describe('spawnTrainer().close()', () => {
  it('rejects a train() in progress with an AbortError before it resolves', async () => {
    const trainer = await spawnTrainer();
    const events: string[] = [];
    let firstEpoch!: () => void;
    const started = new Promise<void>((resolve) => {
      firstEpoch = resolve;
    });
    const training = trainer
      .train(options, () => firstEpoch())
      .then(
        () => events.push('resolved'),
        (error: Error) => events.push(`${error.name}: ${error.message}`),
      );
    await started;
    await trainer.close();
    events.push('closed');
    await training;
    expect(events).toEqual(['AbortError: the trainer thread was closed while train() was running', 'closed']);
  });

  it('is safe twice, and a later train() rejects', async () => {
    const trainer = await spawnTrainer();
    await trainer.close();
    await trainer.close();
    await expect(trainer.train({ ...options, epochs: 1 })).rejects.toThrow(/the trainer thread is closed/);
  });
});
