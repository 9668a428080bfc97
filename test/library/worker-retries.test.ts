// A worker that dies mid-step is replaced and the step recomputed from unchanged parameters: the
// run ends exactly as one without the fault. A fault that keeps coming back fails the run after
// maxRetries, with a clear message and the last checkpoint intact.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Trainer, train, WorkerFailureError } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

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

async function trainWithFault(kind: 'throw' | 'exit' | 'throwAlways', extra: Record<string, unknown> = {}) {
  const trainer = await Trainer.create({ ...options, ...extra });
  const retries: string[] = [];
  trainer.onRetry = (message) => retries.push(message);
  try {
    trainer.injectFault(1, 20, kind);
    for await (const _ of trainer) {
      // epochs
    }
    return { params: Array.from(trainer.model.parameters), retries };
  } finally {
    await trainer.close();
  }
}

describe('worker retries', () => {
  it.each(['throw', 'exit'] as const)(
    'a worker that fails once (%s) is replaced; the result is unchanged',
    async (kind) => {
      const clean = await train(options);
      const faulty = await trainWithFault(kind);
      expect(faulty.retries).toHaveLength(1);
      expect(faulty.retries[0]).toMatch(
        /worker 1 failed.*retrying epoch 2, step \d+ with new threads \(1\/2\)/,
      );
      expect(faulty.params).toEqual(Array.from(clean.model.parameters));
    },
  );

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
