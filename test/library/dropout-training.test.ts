// Dropout through train() and Trainer: rates of 0 give exactly the run without dropout; a run with
// dropout differs from one without and resumes exactly from a checkpoint saved mid-epoch (the masks
// follow the restored global step), reusing the saved setting; a resume that changes it says so; a
// list of the wrong length is refused. (Repeatability and worker counts: the engine's tests.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Trainer, train } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-dropout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = {
  dataset: 'moons',
  samples: 200,
  hidden: [12, 8],
  batchSize: 24,
  workers: 2,
  seed: 5,
  valSplit: 0.2,
  dtype: 'f64',
  epochs: 2,
} as const;

const bits = (result: { model: { parameters: ArrayLike<number> } }) => Array.from(result.model.parameters);

/** The run with dropout, trained once and shared by the tests below. */
let dropped: Promise<Awaited<ReturnType<typeof train>>> | undefined;
const withDropout = () => {
  dropped ??= train({ ...run, dropout: [0.3, 0.1] });
  return dropped;
};

describe('dropout in training', () => {
  it('rate 0 is exactly a run without dropout; a rate changes the run', async () => {
    const plain = await train(run);
    expect(bits(await train({ ...run, dropout: [0, 0] }))).toEqual(bits(plain));
    expect(bits(await withDropout())).not.toEqual(bits(plain));
  });

  it('resumes exactly from mid-epoch with the saved rates; a changed rate is said in a notice', async () => {
    const trainer = await Trainer.create({ ...run, dropout: [0.3, 0.1] });
    const middle = join(dir, 'middle.safetensors');
    try {
      await trainer.epoch();
      for (let s = 0; s < 3; s++) await trainer.step();
      await trainer.save(middle);
    } finally {
      await trainer.close();
    }
    const straight = await withDropout();
    expect(bits(await train({ resume: middle, epochs: 2 }))).toEqual(bits(straight));

    const notices: string[] = [];
    const changed = await train({
      resume: middle,
      epochs: 2,
      dropout: 0.5,
      onNotice: (n) => notices.push(n),
    });
    expect(notices).toEqual([
      'resuming with dropout 0.5 (checkpoint: [0.3,0.1]); not an exact continuation of the saved run',
    ]);
    expect(bits(changed)).not.toEqual(bits(straight));
  });

  it('refuses a list whose length is not the number of hidden layers, and p = 1', async () => {
    await expect(train({ ...run, dropout: [0.1] })).rejects.toThrow(
      'dropout [0.1] lists 1 rates for a model with 2 hidden layers',
    );
    await expect(train({ ...run, dropout: 1 })).rejects.toThrow(/dropout must be a number in \[0, 1\)/);
  });
});
