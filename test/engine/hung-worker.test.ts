// A worker that stops making progress (blocked for good, or busy for good) in any phase of a step
// is caught by the watchdog: after `stepTimeout` seconds without any worker passing a barrier, the
// run rejects with WorkerFailureError naming the worker left behind, its thread is ended, and after
// restart() the run ends exactly as one without the fault.
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine, WorkerFailureError } from '@shardwise/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRows, randomParams } from '../support/sources.js';

const config: MlpConfig = {
  sizes: [6, 16, 3],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f32',
};
const data = makeRows('ce-labels', 'f32', 96, 6, 3, 3);
// Far above a step of this tiny model (well under a millisecond), even on a crowded machine.
const STEP_TIMEOUT = 3;

type Phase = 'start' | 'reduce' | 'update' | 'commit';

async function trainEpoch(fault?: { kind: 'hang' | 'spin'; phase: Phase }) {
  const engine = DataParallelEngine.create({
    mlp: config,
    data,
    batchSize: 8,
    workers: 3,
    optimizer: { kind: 'momentum', lr: 0.05, momentum: 0.9 },
    stepTimeout: STEP_TIMEOUT,
  });
  try {
    engine.load(randomParams('f32', engine.mlp.layout.count, 2));
    if (fault) engine.injectFault(2, 5, fault.kind, fault.phase);
    const steps = engine.stepsPerEpoch();
    const failures: WorkerFailureError[] = [];
    while (engine.globalStep < steps) {
      try {
        await engine.run(engine.globalStep, steps);
      } catch (error) {
        expect(error).toBeInstanceOf(WorkerFailureError);
        failures.push(error as WorkerFailureError);
        expect(engine.globalStep).toBe(4);
        await engine.restart();
      }
    }
    return { params: Array.from(engine.parameters), state: Array.from(engine.optimizerState), failures };
  } finally {
    await engine.close();
  }
}

describe('a hung worker', () => {
  let clean: Awaited<ReturnType<typeof trainEpoch>>;
  beforeAll(async () => {
    clean = await trainEpoch();
  });

  it.each([
    ['hang', 'start'],
    ['spin', 'start'],
    ['hang', 'reduce'],
    ['spin', 'update'],
    ['hang', 'commit'],
    ['spin', 'commit'],
  ] as const)(
    'that %ss in the %s phase becomes a WorkerFailureError; the retry is exact',
    async (kind, phase) => {
      const faulty = await trainEpoch({ kind, phase });
      expect(faulty.failures).toHaveLength(1);
      const [failure] = faulty.failures;
      expect(failure!.stepTimeout).toBe(STEP_TIMEOUT);
      expect(failure!.message).toMatch(
        new RegExp(
          `^worker \\d failed: no progress for [\\d.]+ s, past the step timeout of ${STEP_TIMEOUT} s$`,
        ),
      );
      // Outside the commit, the worker that hung is the one left behind at the barrier. (In the
      // commit, whichever worker arrived last hangs, and it is named as well.)
      if (phase !== 'commit') expect(failure!.worker).toBe(2);
      expect(faulty.params).toEqual(clean.params);
      expect(faulty.state).toEqual(clean.state);
    },
  );

  it('is left alone without a timeout (0), and close() still ends its thread', async () => {
    const engine = DataParallelEngine.create({
      mlp: config,
      data,
      batchSize: 8,
      workers: 2,
      optimizer: { kind: 'sgd', lr: 0.1 },
      stepTimeout: 0,
    });
    expect(engine.stepTimeout).toBe(Number.POSITIVE_INFINITY);
    engine.load(randomParams('f32', engine.mlp.layout.count, 2));
    engine.injectFault(0, 1, 'hang');
    let settled = false;
    const run = engine.run(0, 3).finally(() => {
      settled = true;
    });
    // Long enough for the other worker to reach its barrier many times over.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(settled).toBe(false);
    expect(engine.globalStep).toBe(0);
    await engine.close();
    await expect(run).resolves.toBe(0);
  });
});

describe('stepTimeout', () => {
  const base = { mlp: config, data, batchSize: 8, workers: 2, optimizer: { kind: 'sgd', lr: 0.1 } } as const;

  it('defaults to at least 10 minutes', async () => {
    const engine = DataParallelEngine.create(base);
    expect(engine.stepTimeout).toBe(600);
    await engine.close();
  });

  it.each([-1, Number.NaN, '5'])('rejects %s', (stepTimeout) => {
    expect(() => DataParallelEngine.create({ ...base, stepTimeout: stepTimeout as number })).toThrow(
      /stepTimeout must be a number of seconds ≥ 0 \(0: none\)/,
    );
  });
});
