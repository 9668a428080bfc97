// requestStop() ends a run after the step in progress: every committed step is whole.
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { makeRows, randomParams } from '../support/sources.js';

describe('stopping a run', () => {
  it('commits whole steps only and reports how many', async () => {
    const config: MlpConfig = {
      sizes: [64, 256, 10],
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f32',
    };
    const data = makeRows('ce-labels', 'f32', 20_000, 64, 10, 1);
    const engine = DataParallelEngine.create({
      mlp: config,
      data,
      batchSize: 10,
      workers: 2,
      optimizer: { kind: 'sgd', lr: 0.01 },
    });
    try {
      engine.load(randomParams('f32', engine.mlp.layout.count, 1));
      const running = engine.run(0, engine.stepsPerEpoch());
      setTimeout(() => engine.requestStop(), 30);
      const done = await running;
      expect(done).toBeGreaterThan(0);
      expect(done).toBeLessThan(engine.stepsPerEpoch());
      expect(engine.globalStep).toBe(done);
      // The engine is usable again: the rest of the epoch runs to the end.
      expect(await engine.run(done, engine.stepsPerEpoch())).toBe(engine.stepsPerEpoch() - done);
    } finally {
      await engine.close();
    }
  });
});
