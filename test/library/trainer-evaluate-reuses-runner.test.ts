// Trainer.evaluate() and predict() run on one forward runner kept across calls, on the current
// parameters: bit for bit what a fresh copy (`trainer.model`) gives, before and after more steps,
// and without building a new WebAssembly memory per call.
import { WebAssembly } from '@shardwise/core';
import { Trainer } from 'shardwise';
import { describe, expect, it } from 'vitest';

/** Two interleaved spirals, `rows` rows of 2 features and a 0/1 label. */
function spirals(rows: number) {
  const x = new Float64Array(rows * 2);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const arm = r % 2;
    const t = (r / rows) * 3 * Math.PI;
    x[2 * r] = t * Math.cos(t + arm * Math.PI) * 0.3;
    x[2 * r + 1] = t * Math.sin(t + arm * Math.PI) * 0.3;
    labels[r] = arm;
  }
  return { x, features: 2, labels };
}

const data = spirals(600);
// More rows than a forward chunk holds (1024), so prediction runs in several chunks.
const probe = spirals(1300).x;
const options = { data, hidden: [16, 8], batchSize: 50, epochs: 2, workers: 2, seed: 5 } as const;

describe.each(['wasm', 'ts'] as const)('Trainer.evaluate/predict on the %s kernels', (kernels) => {
  it.each(['f32', 'f64'] as const)(
    'equal trainer.model.evaluate/predict bit for bit (%s), before and after more steps',
    async (dtype) => {
      const trainer = await Trainer.create({ ...options, kernels, dtype });
      try {
        const losses: number[] = [];
        const firstCopy = trainer.model;
        const firstParameters = Array.from(firstCopy.parameters);
        for (let round = 0; round < 3; round++) {
          const copy = trainer.model;
          // Default rows: the training rows (no valSplit), which are `data` in its order.
          const evaluated = trainer.evaluate();
          const expected = copy.evaluate(data);
          expect(evaluated.loss).toBe(expected.loss);
          expect(evaluated.accuracy).toBe(expected.accuracy);
          const small = probe.subarray(0, 6);
          expect(trainer.evaluate({ x: small, features: 2, labels: [0, 1, 0] })).toEqual(
            copy.evaluate({ x: small, features: 2, labels: [0, 1, 0] }),
          );
          expect(trainer.predict(probe)).toEqual(copy.predict(probe));
          expect(trainer.predict(Array.from(small))).toEqual(copy.predict(small));
          losses.push(evaluated.loss);
          await trainer.step();
          await trainer.step();
        }
        // Training moved the parameters, so results from a stale copy would have differed.
        expect(new Set(losses).size).toBe(3);
        // `model` stays a standalone copy: later training leaves it as it was.
        expect(Array.from(firstCopy.parameters)).toEqual(firstParameters);
      } finally {
        await trainer.close();
      }
    },
  );
});

describe('Trainer.evaluate', () => {
  it('with no data gives the validation figures of the epoch just trained, bit for bit', async () => {
    const trainer = await Trainer.create({ ...options, kernels: 'wasm', valSplit: 0.25 });
    try {
      for (let epoch = 0; epoch < 2; epoch++) {
        const metrics = await trainer.epoch();
        const evaluated = trainer.evaluate();
        expect(evaluated.loss).toBe(metrics.valLoss);
        expect(evaluated.accuracy).toBe(metrics.valAccuracy);
      }
    } finally {
      await trainer.close();
    }
  });

  it('builds no new WebAssembly memory per call once its runner exists', async () => {
    const trainer = await Trainer.create({ ...options, kernels: 'wasm' });
    const Memory = WebAssembly.Memory;
    let built = 0;
    const counting = class extends Memory {
      constructor(descriptor: WebAssembly.MemoryDescriptor) {
        super(descriptor);
        built++;
      }
    };
    (WebAssembly as { Memory: typeof Memory }).Memory = counting;
    try {
      trainer.evaluate();
      trainer.predict(probe);
      expect(built).toBeGreaterThan(0); // the count sees the runner's memory being built
      const warm = built;
      for (let round = 0; round < 3; round++) {
        await trainer.step();
        trainer.evaluate();
        trainer.evaluate({ x: probe.subarray(0, 4), features: 2, labels: [1, 0] });
        trainer.predict(probe);
        trainer.predict([0.5, -0.5]);
      }
      expect(built).toBe(warm);
    } finally {
      (WebAssembly as { Memory: typeof Memory }).Memory = Memory;
      await trainer.close();
    }
  });
});
