// The engine's phase timers account for the time its workers spend: compute, barriers, reduce+update.
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { makeRows, randomParams } from '../support/sources.js';

describe('phase timing', () => {
  it('adds up to about the wall time of a run, and resets to zero', async () => {
    const config: MlpConfig = {
      sizes: [64, 128, 10],
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f32',
    };
    const data = makeRows('ce-labels', 'f32', 4096, 64, 10, 3);
    const engine = DataParallelEngine.create({
      mlp: config,
      data,
      batchSize: 128,
      workers: 2,
      optimizer: { kind: 'adam', lr: 1e-3 },
    });
    try {
      engine.load(randomParams('f32', engine.mlp.layout.count, 1));
      await engine.run(0, engine.stepsPerEpoch());
      engine.resetPhaseSeconds();
      expect(engine.phaseSeconds()).toEqual({ compute: 0, sync: 0, reduceUpdate: 0, exchange: 0 });
      const t0 = performance.now();
      await engine.run(0, engine.stepsPerEpoch());
      const wall = (performance.now() - t0) / 1000;
      const { compute, sync, reduceUpdate } = engine.phaseSeconds();
      expect(compute).toBeGreaterThan(0);
      expect(reduceUpdate).toBeGreaterThan(0);
      // Two workers meet at two barriers per step: that waiting is counted, and as sync.
      expect(sync).toBeGreaterThan(0);
      expect(compute + sync + reduceUpdate).toBeLessThanOrEqual(wall * 1.05);
      expect(compute + sync + reduceUpdate).toBeGreaterThan(wall * 0.5);
      // The timers count steps only: a run of no steps adds nothing to any of them.
      engine.resetPhaseSeconds();
      expect(await engine.run(0, 0)).toBe(0);
      expect(engine.phaseSeconds()).toEqual({ compute: 0, sync: 0, reduceUpdate: 0, exchange: 0 });
    } finally {
      await engine.close();
    }
  });
});
