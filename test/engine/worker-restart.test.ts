// After a worker throws, exits or is killed for exceeding its memory limit, restart() replaces the threads and the run continues from the
// last whole step: the final parameters equal those of a run without the fault, bit for bit.
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine, WorkerFailureError } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { makeRows, randomParams } from '../support/sources.js';

const config: MlpConfig = {
  sizes: [6, 16, 3],
  activation: 'tanh',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
};
const data = makeRows('ce-labels', 'f64', 96, 6, 3, 8);

async function trainEpoch(
  fault?: { kind: 'throw' | 'exit' | 'oom'; worker: number; step: number },
  kernels: 'ts' | 'wasm' = 'ts',
) {
  const engine = DataParallelEngine.create({
    mlp: config,
    data,
    batchSize: 8,
    workers: 3,
    optimizer: { kind: 'adam', lr: 0.01 },
    kernels,
    // Small enough that the 'oom' fault's hoarding reaches it within a moment.
    resourceLimits: { maxOldGenerationSizeMb: 16 },
  });
  try {
    engine.load(randomParams('f64', engine.mlp.layout.count, 6));
    if (fault) engine.injectFault(fault.worker, fault.step, fault.kind);
    const steps = engine.stepsPerEpoch();
    let failures = 0;
    while (engine.globalStep < steps) {
      try {
        await engine.run(engine.globalStep, steps);
      } catch (error) {
        expect(error).toBeInstanceOf(WorkerFailureError);
        failures++;
        await engine.restart();
      }
    }
    return { params: Array.from(engine.parameters), state: Array.from(engine.optimizerState), failures };
  } finally {
    await engine.close();
  }
}

describe('restarting after a worker failure', () => {
  it.each([
    ['throw', 'ts'],
    ['exit', 'ts'],
    ['throw', 'wasm'],
    ['exit', 'wasm'],
    ['oom', 'ts'],
  ] as const)('a %s (%s kernels) is recomputed from unchanged parameters', async (kind, kernels) => {
    const clean = await trainEpoch(undefined, kernels);
    const faulty = await trainEpoch({ kind, worker: 2, step: 7 }, kernels);
    expect(faulty.failures).toBe(1);
    expect(faulty.params).toEqual(clean.params);
    expect(faulty.state).toEqual(clean.state);
  });
});
