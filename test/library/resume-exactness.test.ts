// Resuming continues a run exactly: from an end-of-epoch checkpoint without repeating the data or
// schedule options, and from a checkpoint saved in the middle of an epoch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Trainer, train } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = {
  dataset: 'moons',
  samples: 500,
  hidden: [16, 16],
  batchSize: 32,
  optimizer: 'adam',
  workers: 2,
  seed: 9,
  valSplit: 0.2,
} as const;

describe('resume', () => {
  it('takes the data and schedule from the checkpoint: 2 + 2 epochs equal 4', async () => {
    const straight = await train({ ...run, epochs: 4 });
    const first = join(dir, 'two.safetensors');
    await train({ ...run, epochs: 2, out: first });
    const resumed = await train({ resume: first, epochs: 4 });
    expect(Array.from(resumed.model.parameters)).toEqual(Array.from(straight.model.parameters));
    expect(resumed.history.map((h) => h.loss)).toEqual(straight.history.map((h) => h.loss));
  });

  it('continues from a checkpoint saved mid-epoch at the same step', async () => {
    const straight = await train({ ...run, epochs: 2 });
    const trainer = await Trainer.create({ ...run, epochs: 2 });
    const middle = join(dir, 'middle.safetensors');
    try {
      await trainer.epoch();
      for (let s = 0; s < 5; s++) await trainer.step();
      await trainer.save(middle);
    } finally {
      await trainer.close();
    }
    const resumed = await train({ resume: middle, epochs: 2 });
    expect(Array.from(resumed.model.parameters)).toEqual(Array.from(straight.model.parameters));
    expect(resumed.history.at(-1)!.loss).toBe(straight.history.at(-1)!.loss);
  });

  it('refuses to resume a run trained on arrays without the arrays', async () => {
    const path = join(dir, 'arrays.safetensors');
    const data = {
      x: Float32Array.from({ length: 200 }, (_, i) => Math.sin(i)),
      features: 2,
      labels: Int32Array.from({ length: 100 }, (_, i) => i % 2),
    };
    await train({ data, hidden: [4], epochs: 1, out: path });
    await expect(train({ resume: path, epochs: 2 })).rejects.toThrow(/trained on arrays given from code/);
  });
});
