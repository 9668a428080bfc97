// A learning rate set between runs (how a schedule changes it per epoch) reaches every worker: the
// steps after it equal, bit for bit, those of an engine built with that lr from the same state.
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine, type KernelBackend } from '@shardwise/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRows, randomParams } from '../support/sources.js';

const config: MlpConfig = {
  sizes: [4, 6, 3],
  activation: 'tanh',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
};
const batch = 7;
const data = makeRows('ce-labels', 'f64', 4 * batch, 4, 3, 3);
const initial = randomParams('f64', 4 * 6 + 6 + 6 * 3 + 3, 5);

const engines: DataParallelEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
});

function engineWith(lr: number, kernels: KernelBackend): DataParallelEngine {
  const engine = DataParallelEngine.create({
    mlp: config,
    data,
    batchSize: batch,
    workers: 2,
    optimizer: { kind: 'adam', lr },
    kernels,
  });
  engines.push(engine);
  return engine;
}

describe('engine.setLearningRate', () => {
  it.each(['ts', 'wasm'] as const)(
    '%s kernels: applies from the next run on, in every worker',
    async (kernels) => {
      const changed = engineWith(0.1, kernels);
      changed.load(initial);
      expect(await changed.run(0, 2)).toBe(2);
      const [params, state] = [changed.parameters.slice(), changed.optimizerState.slice()];
      changed.setLearningRate(0.003);
      expect(changed.lr).toBe(0.003);
      await changed.run(2, 4);

      const fresh = engineWith(0.003, kernels);
      fresh.load(params, state, 2);
      await fresh.run(2, 4);
      expect(changed.parameters).toEqual(fresh.parameters);
      expect(changed.optimizerState).toEqual(fresh.optimizerState);

      // And the lr really mattered: at the old lr the steps differ.
      const old = engineWith(0.1, kernels);
      old.load(params, state, 2);
      await old.run(2, 4);
      expect(old.parameters).not.toEqual(fresh.parameters);
    },
  );

  it('refuses a non-positive lr', () => {
    expect(() => engineWith(0.1, 'ts').setLearningRate(0)).toThrow(RangeError);
  });
});
