// A worker that throws or dies in any phase of a step (computing its shard, reducing its slice of
// the gradient, writing its slice of the next parameters and state, or committing the step) is
// replaced and the run continues from the last committed step: parameters and optimizer state end
// equal, bit for bit, to those of a run without the fault.
import type { MlpConfig } from '@shardwise/core';
import { DataParallelEngine, WorkerFailureError } from '@shardwise/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRows, randomParams } from '../support/sources.js';

const config: MlpConfig = {
  sizes: [6, 16, 3],
  activation: 'tanh',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
};
const data = makeRows('ce-labels', 'f64', 96, 6, 3, 8);

type Kind = 'throw' | 'exit';
type Phase = 'start' | 'reduce' | 'update' | 'commit' | 'committed';
type Kernels = 'ts' | 'wasm';

async function trainEpoch(kernels: Kernels, fault?: { kind: Kind; phase: Phase; step: number }) {
  const engine = DataParallelEngine.create({
    mlp: config,
    data,
    batchSize: 8,
    workers: 3,
    optimizer: { kind: 'adam', lr: 0.01, weightDecay: 0.01 },
    kernels,
  });
  try {
    engine.load(randomParams('f64', engine.mlp.layout.count, 6));
    if (fault) engine.injectFault(1, fault.step, fault.kind, fault.phase);
    const steps = engine.stepsPerEpoch();
    const failures: { message: string; committed: number }[] = [];
    while (engine.globalStep < steps) {
      try {
        await engine.run(engine.globalStep, steps);
      } catch (error) {
        expect(error).toBeInstanceOf(WorkerFailureError);
        failures.push({ message: (error as Error).message, committed: engine.globalStep });
        await engine.restart();
      }
    }
    return {
      params: Array.from(engine.parameters),
      state: Array.from(engine.optimizerState),
      losses: Array.from({ length: steps }, (_, s) => engine.stepLoss(s)),
      failures,
    };
  } finally {
    await engine.close();
  }
}

const phases: Phase[] = ['start', 'reduce', 'update', 'commit', 'committed'];
const cases = (['ts', 'wasm'] as const).flatMap((kernels) =>
  phases.flatMap((phase) => (['throw', 'exit'] as const).map((kind) => [kernels, phase, kind] as const)),
);

describe('a worker failure in any phase of a step', () => {
  const clean = {} as Record<Kernels, Awaited<ReturnType<typeof trainEpoch>>>;
  beforeAll(async () => {
    clean.ts = await trainEpoch('ts');
    clean.wasm = await trainEpoch('wasm');
  });

  it.each(cases)(
    '%s kernels, %s phase, %s: recovers to the fault-free result bit for bit',
    async (kernels, phase, kind) => {
      const faulty = await trainEpoch(kernels, { kind, phase, step: 7 });
      expect(faulty.failures).toHaveLength(1);
      const [failure] = faulty.failures;
      // In the commit phases whichever worker arrives last commits, so it is the one that fails.
      expect(failure!.message).toMatch(phase.startsWith('commit') ? /^worker \d failed/ : /^worker 1 failed/);
      if (kind === 'throw') expect(failure!.message).toMatch(/injected fault in worker \d/);
      // Before the commit nothing of step 7 is visible; just after it, all of it is.
      expect(failure!.committed).toBe(phase === 'committed' ? 7 : 6);
      expect(faulty.params).toEqual(clean[kernels].params);
      expect(faulty.state).toEqual(clean[kernels].state);
      expect(faulty.losses).toEqual(clean[kernels].losses);
    },
  );
});
