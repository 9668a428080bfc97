// With the native GEMM (the system's CBLAS) and the rest of the step on WebAssembly, a step with
// N = 1…3 workers computes the same averaged gradient and update as one thread over the whole
// batch: every activation and loss, uneven splits (13 rows over 2 and 3), to 1e-12 in float64.
// Skipped, with the reason printed, where the addon is not built.
import { ACTIVATIONS, type MlpConfig, type OptimizerConfig } from '@shardwise/core';
import { DataParallelEngine, nativeKernelsUnavailable } from '@shardwise/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceRun } from '../support/reference-step.js';
import { makeRows, type Objective, randomParams } from '../support/sources.js';

const missing = nativeKernelsUnavailable();
if (missing) console.warn(`native engine tests skipped: ${missing}`);

const objectives: {
  objective: Objective;
  loss: MlpConfig['loss'];
  outActivation: MlpConfig['outActivation'];
}[] = [
  { objective: 'ce-labels', loss: 'ce', outActivation: 'identity' },
  { objective: 'ce-soft', loss: 'ce', outActivation: 'identity' },
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

describe(missing ? `native kernels (skipped: ${missing})` : 'native kernels', () => {
  describe.each(ACTIVATIONS)('%s hidden layers', (activation) => {
    describe.each(objectives)('$loss / $objective / $outActivation', ({ objective, loss, outActivation }) => {
      it.skipIf(missing !== null).each([
        [1, 13],
        [2, 13],
        [3, 13],
      ])(
        '%i workers, batch %i: gradient and update equal the single-thread full batch',
        async (workers, batch) => {
          // Two hidden layers, so the backward pass runs every GEMM shape (dW, and dX through W).
          const config: MlpConfig = { sizes: [5, 7, 6, 3], activation, loss, outActivation, dtype: 'f64' };
          const data = makeRows(objective, 'f64', 2 * batch + 3, 5, 3, workers * 100 + batch);
          const engine = DataParallelEngine.create({
            mlp: config,
            data,
            batchSize: batch,
            workers,
            optimizer,
            kernels: 'native',
          });
          engines.push(engine);
          const initial = randomParams('f64', engine.mlp.layout.count, 42);
          engine.load(initial);
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
