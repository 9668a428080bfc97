// A step with N workers computes the same averaged gradient and the same update as one thread over
// the whole batch: for N = 1…4, uneven splits (13 rows over 3, 7 over 4), every loss and
// activation, to 1e-12 in float64 — with the TypeScript and the WebAssembly kernels.
import { ACTIVATIONS, type MlpConfig, type OptimizerConfig } from '@shardwise/core';
import { DataParallelEngine } from '@shardwise/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceRun } from '../support/reference-step.js';
import { makeRows, type Objective, randomParams } from '../support/sources.js';

const objectives: {
  objective: Objective;
  loss: MlpConfig['loss'];
  outActivation: MlpConfig['outActivation'];
}[] = [
  { objective: 'ce-labels', loss: 'ce', outActivation: 'identity' },
  { objective: 'ce-soft', loss: 'ce', outActivation: 'identity' },
  { objective: 'mse', loss: 'mse', outActivation: 'identity' },
  { objective: 'mse', loss: 'mse', outActivation: 'tanh' },
];
const optimizer: OptimizerConfig = { kind: 'adam', lr: 0.01, weightDecay: 0.001 };

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

const engines: DataParallelEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
});

describe.each(['ts', 'wasm'] as const)('%s kernels', (kernels) => {
  describe.each(ACTIVATIONS)('%s hidden layer', (activation) => {
    describe.each(objectives)('$loss / $objective / $outActivation', ({ objective, loss, outActivation }) => {
      it.each([
        [1, 13],
        [2, 13],
        [3, 13],
        [4, 7],
        [4, 13],
      ])(
        '%i workers, batch %i: gradient and update equal the single-thread full batch',
        async (workers, batch) => {
          const config: MlpConfig = { sizes: [5, 6, 3], activation, loss, outActivation, dtype: 'f64' };
          const data = makeRows(objective, 'f64', 2 * batch + 3, 5, 3, workers * 100 + batch);
          const engine = DataParallelEngine.create({
            mlp: config,
            data,
            batchSize: batch,
            workers,
            optimizer,
            kernels,
          });
          engines.push(engine);
          const initial = randomParams('f64', engine.mlp.layout.count, 42);
          engine.load(initial);
          // Shuffle deterministically so shards gather non-contiguous rows.
          engine.order.set(Int32Array.from({ length: data.rows }, (_, i) => (i * 7 + 3) % data.rows));
          const steps = engine.stepsPerEpoch();
          expect(await engine.run(0, steps)).toBe(steps);
          const reference = referenceRun(config, data, engine.order, batch, optimizer, initial, steps);
          expect(maxAbsDiff(engine.lastGradient, reference.lastGradient)).toBeLessThan(1e-12);
          expect(maxAbsDiff(engine.parameters, reference.params)).toBeLessThan(1e-12);
          expect(maxAbsDiff(engine.optimizerState, reference.state)).toBeLessThan(1e-12);
          for (let s = 0; s < steps; s++)
            expect(Math.abs(engine.stepLoss(s) - reference.losses[s]!)).toBeLessThan(1e-12);
          await engine.close();
        },
      );
    });
  });
});
