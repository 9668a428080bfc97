// A worker that throws or dies makes the step fail with the worker's message: no hang, no partial
// update applied, and every thread ends.
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine, WorkerFailureError } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { makeRows, randomParams } from '../support/sources.js';

const config: MlpConfig = {
  sizes: [6, 16, 3],
  activation: 'sigmoid',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
};
const data = makeRows('ce-labels', 'f64', 64, 6, 3, 2);

describe.each(['throw', 'exit'] as const)('a worker that fails by %s', (kind) => {
  it('fails the run with its message, keeping the parameters of the last whole step', async () => {
    const engine = DataParallelEngine.create({
      mlp: config,
      data,
      batchSize: 8,
      workers: 2,
      optimizer: { kind: 'sgd', lr: 0.5 },
    });
    engine.load(randomParams('f64', engine.mlp.layout.count, 4));
    await engine.run(0, 3);
    const before = Float64Array.from(engine.parameters);
    engine.injectFault(1, 5, kind); // fails during the 2nd step of the next run
    const failure = await engine.run(3, 8).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkerFailureError);
    expect((failure as Error).message).toMatch(
      kind === 'throw' ? /worker 1 failed: injected fault in worker 1/ : /worker 1 failed/,
    );
    expect(engine.globalStep).toBe(4);
    // Step 4 was committed; step 5 failed and changed nothing after it.
    expect(Array.from(engine.parameters)).not.toEqual(Array.from(before));
    await expect(engine.run(0, 1)).rejects.toBeInstanceOf(WorkerFailureError);
    await engine.close();
  });
});
