// spawnTrainer() trains in a dedicated thread: the caller's event loop keeps ticking (never blocked
// for half the training), epochs are reported through a comlink proxy, and the result equals train().
import { spawnTrainer, train } from 'shardwise';
import { describe, expect, it } from 'vitest';

const options = {
  dataset: 'blobs',
  features: 64,
  classes: 10,
  samples: 6000,
  hidden: [128],
  epochs: 4,
  workers: 2,
  seed: 2,
} as const;

describe('spawnTrainer', () => {
  it('keeps the caller’s event loop free while it trains, with the same result as train()', async () => {
    const trainer = await spawnTrainer();
    try {
      const start = performance.now();
      let last = start;
      let worstGap = 0;
      let ticks = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        worstGap = Math.max(worstGap, now - last);
        last = now;
        ticks++;
      }, 10);
      const epochs: number[] = [];
      const remote = await trainer.train(options, (m) => epochs.push(m.epoch));
      const elapsed = performance.now() - start;
      clearInterval(timer);
      expect(epochs).toEqual([1, 2, 3, 4]);
      // Not a speed check (load stretches every gap): training on this thread would block the
      // event loop for the whole run, leaving one gap as long as the training and a tick or two.
      expect(ticks).toBeGreaterThanOrEqual(3);
      expect(worstGap).toBeLessThan(elapsed / 2);
      const local = await train(options);
      expect(Array.from(remote.model.parameters)).toEqual(Array.from(local.model.parameters));
      expect(remote.history.map((h) => h.loss)).toEqual(local.history.map((h) => h.loss));
    } finally {
      await trainer.close();
    }
  });

  it('aborts the remote run through the signal', async () => {
    const trainer = await spawnTrainer();
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const error = await trainer
        .train({ ...options, epochs: 500, signal: controller.signal })
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe('AbortError');
    } finally {
      await trainer.close();
    }
  });
});
