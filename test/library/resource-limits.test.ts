// train() and Trainer.create refuse runs that cannot fit, before allocating, naming the option.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DivergenceError, Trainer, train, UsageError } from 'shardwise';
import { describe, expect, it } from 'vitest';

describe('resource limits in the library', () => {
  it.each([
    [{ samples: 1e12 }, '--samples 1000000000000'],
    [{ dataset: 'blobs', features: 1e9, samples: 10 }, '--features 1000000000'],
    [{ hidden: [100_000, 100_000], samples: 100 }, '--hidden 100000,100000'],
    [{ workers: 100_000 }, '--workers 100000'],
  ] as const)('%j is a UsageError naming %s', async (options, named) => {
    const error = await train({ ...options, epochs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(named);
  });

  it('an abort while the data is generated rejects Trainer.create with an AbortError', async () => {
    const controller = new AbortController();
    const creating = Trainer.create({
      dataset: 'teacher',
      samples: 500_000,
      features: 256,
      workers: 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 5);
    await expect(creating).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('NaN parameters from a non-finite cell end the epoch as a DivergenceError, and nothing is saved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shardwise-nan-'));
    try {
      const rows = Array.from(
        { length: 100 },
        (_, i) => `${i === 40 ? 'nan' : (i % 9) / 9},${(i % 4) / 4},${i % 2}`,
      );
      const data = join(dir, 'nan.csv');
      writeFileSync(data, `x0,x1,label\n${rows.join('\n')}\n`);
      const trainer = await Trainer.create({
        data,
        allowNonFinite: true,
        hidden: [4],
        workers: 1,
        epochs: 2,
      });
      try {
        const error = await trainer.epoch().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DivergenceError);
        expect((error as Error).message).toMatch(/parameters became NaN in epoch 1/);
        const out = join(dir, 'never.safetensors');
        await expect(trainer.save(out)).rejects.toBeInstanceOf(DivergenceError);
        expect(existsSync(out)).toBe(false);
      } finally {
        await trainer.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
