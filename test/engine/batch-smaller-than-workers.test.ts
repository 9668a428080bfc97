// A batch with fewer rows than workers (down to 1 row): idle workers contribute nothing, and no
// NaN or division by zero reaches the parameters.
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { referenceRun } from '../support/reference-step.js';
import { makeRows, randomParams } from '../support/sources.js';

describe('batches smaller than the worker count', () => {
  it.each([
    [4, 1, 3],
    [4, 3, 7],
    [3, 2, 5],
  ])('%i workers, batch %i over %i rows', async (workers, batch, rows) => {
    const config: MlpConfig = {
      sizes: [3, 4, 2],
      activation: 'tanh',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f64',
    };
    const data = makeRows('ce-labels', 'f64', rows, 3, 2, 5);
    const optimizer = { kind: 'momentum', lr: 0.1 } as const;
    const engine = DataParallelEngine.create({ mlp: config, data, batchSize: batch, workers, optimizer });
    try {
      const initial = randomParams('f64', engine.mlp.layout.count, 3);
      engine.load(initial);
      const steps = engine.stepsPerEpoch();
      await engine.run(0, steps);
      expect(Array.from(engine.parameters).every(Number.isFinite)).toBe(true);
      const reference = referenceRun(config, data, engine.order, batch, optimizer, initial, steps);
      for (let i = 0; i < reference.params.length; i++) {
        expect(Math.abs(engine.parameters[i]! - reference.params[i]!)).toBeLessThan(1e-12);
      }
      for (let s = 0; s < steps; s++) expect(Number.isFinite(engine.stepLoss(s))).toBe(true);
    } finally {
      await engine.close();
    }
  });
});
