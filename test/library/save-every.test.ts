// saveEvery writes a resumable checkpoint to `out` after every N-th epoch, atomically.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, Trainer } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-save-every-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saveEvery', () => {
  it('saves after epochs 2 and 4 of 5, holding the parameters of that epoch', async () => {
    const out = join(dir, 'run.safetensors');
    const saved: number[][] = [];
    const trainer = await Trainer.create({
      dataset: 'xor',
      samples: 200,
      hidden: [8],
      epochs: 5,
      workers: 1,
      out,
      saveEvery: 2,
    });
    try {
      for await (const metrics of trainer) {
        if (metrics.epoch % 2 === 0) saved.push(Array.from((await loadModel(out)).parameters));
        else if (metrics.epoch === 1) expect(readdirSync(dir)).toEqual([]);
        if (metrics.epoch % 2 === 0) expect(saved.at(-1)).toEqual(Array.from(trainer.model.parameters));
      }
    } finally {
      await trainer.close();
    }
    expect(saved).toHaveLength(2);
    expect(saved[0]).not.toEqual(saved[1]);
    expect(readdirSync(dir)).toEqual(['run.safetensors']);
  });
});
