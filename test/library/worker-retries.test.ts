// A worker that dies or hangs mid-step (in any phase of it) is replaced and the step recomputed
// from unchanged parameters: the run ends exactly as one without the fault. A fault that keeps
// coming back fails the run after maxRetries, with a clear message and the last checkpoint intact.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Trainer, train, WorkerFailureError } from 'shardwise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-retries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = {
  dataset: 'moons',
  samples: 400,
  hidden: [16],
  epochs: 3,
  batchSize: 32,
  workers: 2,
  seed: 4,
} as const;

type Fault = Parameters<Trainer['injectFault']>;

async function trainWithFault(
  kind: Fault[2],
  extra: Record<string, unknown> = {},
  phase: Fault[3] = 'start',
) {
  const trainer = await Trainer.create({ ...options, ...extra });
  const retries: string[] = [];
  trainer.onRetry = (message) => retries.push(message);
  try {
    trainer.injectFault(1, 20, kind, phase);
    for await (const _ of trainer) {
      // epochs
    }
    return {
      params: Array.from(trainer.model.parameters),
      losses: trainer.history.map((h) => h.loss),
      retries,
    };
  } finally {
    await trainer.close();
  }
}

describe('worker retries', () => {
  let cleanParams: number[];
  let cleanLosses: number[];
  beforeAll(async () => {
    const clean = await train(options);
    cleanParams = Array.from(clean.model.parameters);
    cleanLosses = clean.history.map((h) => h.loss);
  });

  it.each(['throw', 'exit'] as const)(
    'a worker that fails once (%s) is replaced; the result is unchanged',
    async (kind) => {
      const faulty = await trainWithFault(kind);
      expect(faulty.retries).toHaveLength(1);
      expect(faulty.retries[0]).toMatch(
        /worker 1 failed.*retrying epoch 2, step \d+ with new threads \(1\/2\)/,
      );
      expect(faulty.params).toEqual(cleanParams);
      expect(faulty.losses).toEqual(cleanLosses);
    },
  );

  it.each([
    ['throw', 'reduce'],
    ['exit', 'update'],
    ['exit', 'commit'],
    ['throw', 'committed'],
    ['hang', 'update'],
    ['spin', 'start'],
  ] as const)(
    'a worker that fails once (%s, in the %s phase) is replaced; the result is unchanged',
    async (kind, phase) => {
      const faulty = await trainWithFault(kind, { stepTimeout: 2 }, phase);
      expect(faulty.retries).toHaveLength(1);
      expect(faulty.retries[0]).toMatch(
        kind === 'hang' || kind === 'spin'
          ? /worker 1 failed: no progress for [\d.]+ s, past the step timeout of 2 s; retrying epoch 2, step \d+/
          : /worker \d failed.*retrying epoch 2, step \d+ with new threads \(1\/2\)/,
      );
      expect(faulty.params).toEqual(cleanParams);
      expect(faulty.losses).toEqual(cleanLosses);
    },
  );

  it('a worker that keeps hanging fails the run with a hint about the step timeout', async () => {
    const out = join(dir, 'hung.safetensors');
    let saved: Buffer | undefined;
    const trainer = await Trainer.create({ ...options, out, saveEvery: 1, maxRetries: 0, stepTimeout: 1.5 });
    try {
      await trainer.epoch();
      saved = readFileSync(out);
      trainer.injectFault(0, trainer.stepsPerEpoch + 3, 'hang', 'reduce');
      const error = await trainer.epoch().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkerFailureError);
      expect((error as Error).message).toMatch(
        /^worker 0 failed: no progress for [\d.]+ s, past the step timeout of 1.5 s \(at epoch 2, step 3, after 0 retries\)$/,
      );
      expect((error as WorkerFailureError).hint).toBe(
        `the last checkpoint at ${out} is intact; if its steps are legitimately this slow, raise the step timeout (--step-timeout, now 1.5 s)`,
      );
    } finally {
      await trainer.close();
    }
    expect(readFileSync(out).equals(saved!)).toBe(true);
    const resumed = await train({ resume: out, epochs: 2 });
    expect(resumed.history).toHaveLength(2);
  });

  it('a fault that keeps coming back fails after maxRetries, leaving the checkpoint intact', async () => {
    const out = join(dir, 'kept.safetensors');
    const error = await trainWithFault('throwAlways', { out, saveEvery: 1, maxRetries: 2 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkerFailureError);
    expect((error as Error).message).toMatch(
      /injected fault in worker 1 \(at epoch 2, step \d+, after 2 retries\)/,
    );
    expect((error as WorkerFailureError).hint).toMatch(/last checkpoint .* is intact/);
    // Epoch 1 was saved before the failure and still loads.
    const resumed = await train({ resume: out, epochs: 1 }).catch((e: unknown) => e);
    expect(resumed).not.toBeInstanceOf(Error);
    expect(readFileSync(out).length).toBeGreaterThan(0);
  });
});
