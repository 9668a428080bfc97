// With the native kernels, two runs with the same seed, worker count and BLAS are bit-identical:
// the engine over several epochs (f32, 2 workers), and `train()` from the library end to end.
// Skipped, with the reason printed, where the addon is not built.
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine, nativeKernelsUnavailable } from '@shardwise/worker';
import { train } from 'shardwise';
import { describe, expect, it } from 'vitest';
import { makeRows, randomParams } from '../support/sources.js';

const missing = nativeKernelsUnavailable();
if (missing) console.warn(`native run determinism tests skipped: ${missing}`);

const config: MlpConfig = {
  sizes: [20, 48, 32, 4],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f32',
};
const data = makeRows('ce-labels', 'f32', 300, 20, 4, 77);

async function engineRun(
  workers: number,
  activation: MlpConfig['activation'] = config.activation,
): Promise<{ params: Float32Array; losses: number[] }> {
  const engine = DataParallelEngine.create({
    mlp: { ...config, activation },
    data,
    batchSize: 32,
    workers,
    optimizer: { kind: 'adam', lr: 0.005 },
    kernels: 'native',
  });
  try {
    engine.load(randomParams('f32', engine.mlp.layout.count, 9));
    const losses: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
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

const bits = (x: Float32Array | Float64Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

describe(missing ? `native runs (skipped: ${missing})` : 'native runs', () => {
  it.skipIf(missing !== null).each(['relu', 'tanh'] as const)(
    'two engine runs with the same inputs and 2 workers are bit-identical (%s hidden layers)',
    async (activation) => {
      const a = await engineRun(2, activation);
      const b = await engineRun(2, activation);
      expect(bits(a.params).equals(bits(b.params))).toBe(true);
      expect(a.losses).toEqual(b.losses);
    },
  );

  it.skipIf(missing !== null)(
    'two train() runs with the same seed are bit-identical, and learn',
    async () => {
      const options = {
        dataset: 'blobs',
        features: 32,
        classes: 4,
        samples: 600,
        hidden: [64, 32],
        epochs: 3,
        batchSize: 64,
        workers: 2,
        seed: 5,
        kernels: 'native',
      } as const;
      const a = await train(options);
      const b = await train(options);
      expect(bits(a.model.parameters).equals(bits(b.model.parameters))).toBe(true);
      expect(a.history.map((e) => e.loss)).toEqual(b.history.map((e) => e.loss));
      expect(a.history.at(-1)!.loss).toBeLessThan(a.history[0]!.loss);
    },
  );
});
