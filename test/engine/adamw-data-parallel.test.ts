// AdamW through the data-parallel engine: a short trained run with 1–3 workers on the TypeScript
// and the WebAssembly kernels equals the single-thread reference to 1e-12 in float64, the
// backends agree with each other, and the decoupled decay is really applied (λ = 0 is Adam).
import type { MlpConfig, OptimizerConfig } from '@shardwise/core';
import { DataParallelEngine, type KernelBackend } from '@shardwise/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { referenceRun } from '../support/reference-step.js';
import { makeRows, randomParams } from '../support/sources.js';

const config: MlpConfig = {
  sizes: [5, 8, 3],
  activation: 'tanh',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
};
const adamw: OptimizerConfig = { kind: 'adamw', lr: 0.01, weightDecay: 0.1 };
const batch = 11;
// Nine steps, the last one shorter (5 rows): uneven shards with 2 and 3 workers.
const data = makeRows('ce-labels', 'f64', 8 * batch + 5, 5, 3, 7);
const initial = randomParams('f64', 5 * 8 + 8 + 8 * 3 + 3, 42);
const order = Int32Array.from({ length: data.rows }, (_, i) => (i * 7 + 3) % data.rows);

const engines: DataParallelEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
});

/** An epoch of the fixed order: the parameters, the state and every step's loss. */
async function trainedRun(workers: number, kernels: KernelBackend, optimizer = adamw) {
  const engine = DataParallelEngine.create({
    mlp: config,
    data,
    batchSize: batch,
    workers,
    optimizer,
    kernels,
  });
  engines.push(engine);
  engine.load(initial);
  engine.order.set(order);
  const steps = engine.stepsPerEpoch();
  expect(await engine.run(0, steps)).toBe(steps);
  const losses = Array.from({ length: steps }, (_, s) => engine.stepLoss(s));
  const result = { params: engine.parameters.slice(), state: engine.optimizerState.slice(), losses };
  await engine.close();
  return result;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('AdamW in the engine', () => {
  const reference = referenceRun(config, data, order, batch, adamw, initial, Math.ceil(data.rows / batch));

  it.each([
    [1, 'ts'],
    [2, 'ts'],
    [3, 'ts'],
    [1, 'wasm'],
    [2, 'wasm'],
    [3, 'wasm'],
  ] as const)(
    '%i workers, %s kernels: a trained run equals the single-thread reference',
    async (workers, kernels) => {
      const run = await trainedRun(workers, kernels);
      expect(maxAbsDiff(run.params, reference.params)).toBeLessThan(1e-12);
      expect(maxAbsDiff(run.state, reference.state)).toBeLessThan(1e-12);
      expect(maxAbsDiff(run.losses, reference.losses)).toBeLessThan(1e-12);
      expect(run.losses.at(-1)!).toBeLessThan(run.losses[0]!);
    },
  );

  it('the TypeScript and WebAssembly runs agree with each other with 3 workers', async () => {
    const [ts, wasm] = await Promise.all([trainedRun(3, 'ts'), trainedRun(3, 'wasm')]);
    expect(maxAbsDiff(ts.params, wasm.params)).toBeLessThan(1e-12);
  });

  it('with weight decay 0 it is Adam bit for bit, and the decay changes the run', async () => {
    const plain = await trainedRun(2, 'wasm', { kind: 'adamw', lr: 0.01, weightDecay: 0 });
    const adam = await trainedRun(2, 'wasm', { kind: 'adam', lr: 0.01, weightDecay: 0 });
    expect(Array.from(plain.params)).toEqual(Array.from(adam.params));
    expect(maxAbsDiff(plain.params, reference.params)).toBeGreaterThan(1e-6);
  });
});
