// A whole run with N workers matches a single-thread run to float tolerance, and two runs with
// the same inputs and N are bit-identical (the reduction sums shards in a fixed order).
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { referenceRun } from '../support/reference-step.js';
import { makeRows, randomParams } from '../support/sources.js';

const config: MlpConfig = {
  sizes: [8, 16, 16, 4],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f32',
};
const data = makeRows('ce-labels', 'f32', 300, 8, 4, 77);
const optimizer = { kind: 'adam', lr: 0.005 } as const;

async function train(workers: number, epochs: number): Promise<{ params: Float32Array; losses: number[] }> {
  const engine = DataParallelEngine.create({ mlp: config, data, batchSize: 32, workers, optimizer });
  try {
    engine.load(randomParams('f32', engine.mlp.layout.count, 9));
    const losses: number[] = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      // A different but deterministic order each epoch.
      for (let i = 0; i < data.rows; i++) engine.order[i] = (i * 37 + epoch * 11) % data.rows;
      const steps = engine.stepsPerEpoch();
      await engine.run(0, steps);
      for (let s = 0; s < steps; s++) losses.push(engine.stepLoss(s));
    }
    return { params: Float32Array.from(engine.parameters), losses };
  } finally {
    await engine.close();
  }
}

describe('whole runs', () => {
  it('two runs with the same inputs and 2 workers are bit-identical', async () => {
    const a = await train(2, 3);
    const b = await train(2, 3);
    expect(Buffer.from(a.params.buffer).equals(Buffer.from(b.params.buffer))).toBe(true);
    expect(a.losses).toEqual(b.losses);
  });

  it('3 epochs with 1, 2 and 3 workers match a single-thread run to float32 tolerance', async () => {
    const order = Int32Array.from({ length: data.rows }, (_, i) => (i * 37) % data.rows);
    const single = referenceRun(
      config,
      data,
      order,
      32,
      optimizer,
      randomParams('f32', 8 * 16 + 16 + 16 * 16 + 16 + 16 * 4 + 4, 9),
      10,
    );
    for (const workers of [1, 2, 3]) {
      const run = await train(workers, 1);
      expect(run.losses.length).toBe(10);
      for (let s = 0; s < 10; s++) expect(run.losses[s]).toBeCloseTo(single.losses[s]!, 4);
      let worst = 0;
      for (let i = 0; i < run.params.length; i++)
        worst = Math.max(worst, Math.abs(run.params[i]! - single.params[i]!));
      expect(worst).toBeLessThan(1e-4);
    }
  });
});
