// `shards` reaches the engine from train(), is saved in checkpoints (also when defaulted to one per
// worker), and a resume with another worker count keeps it: 1 worker resuming a 4-worker run, then
// 3 workers resuming that, equal 2 workers over 4 shards straight.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = {
  dataset: 'moons',
  samples: 150,
  hidden: [8],
  batchSize: 30,
  optimizer: 'adamw',
  dtype: 'f64',
  seed: 4,
} as const;

describe('shards in train()', () => {
  it('a resume with another worker count continues bit-identically', async () => {
    const straight = await train({ ...run, shards: 4, workers: 2, epochs: 3 });
    const first = join(dir, 'first.safetensors');
    await train({ ...run, workers: 4, epochs: 1, out: first });
    const second = join(dir, 'second.safetensors');
    await train({ resume: first, workers: 1, epochs: 2, out: second });
    const resumed = await train({ resume: second, workers: 3, epochs: 3 });
    expect(Array.from(resumed.model.parameters)).toEqual(Array.from(straight.model.parameters));
    expect(resumed.history.map((h) => h.loss)).toEqual(straight.history.map((h) => h.loss));
  });

  it('refuses a shard count that is not a positive integer, naming it', async () => {
    await expect(train({ ...run, shards: 0, epochs: 1 })).rejects.toThrow(/shards/);
  });
});
