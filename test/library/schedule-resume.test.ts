// Resuming in the middle of a schedule (warm-up, then ReduceLROnPlateau) with early stopping on, with
// 2 workers: the resumed run sees the same lrs, stops at the same epoch and ends bit-identical to
// an uninterrupted one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EpochMetrics, Trainer, train } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-schedule-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = {
  dataset: 'blobs',
  samples: 120,
  features: 20,
  classes: 3,
  noise: 2,
  hidden: [32],
  lr: 0.02,
  valSplit: 0.25,
  batchSize: 16,
  workers: 2,
  seed: 3,
  dtype: 'f64',
  epochs: 12,
  lrSchedule: 'plateau',
  warmupEpochs: 2,
  lrPatience: 0,
  lrFactor: 0.5,
  earlyStopping: 4,
} as const;

/** The figures that must repeat exactly (not the timings). */
const figures = (history: readonly EpochMetrics[]) =>
  history.map(({ epoch, loss, valLoss, lr }) => ({ epoch, loss, valLoss, lr }));

/** Resumes `from`, trains `epochs` whole epochs and `steps` more steps (unless it stops first), saves to `to`. */
async function trainPart(from: string | undefined, epochs: number, steps: number, to: string) {
  const trainer = await Trainer.create(from === undefined ? run : { resume: from });
  try {
    for (let e = 0; e < epochs && !trainer.stopped; e++) await trainer.epoch();
    for (let s = 0; s < steps && !trainer.stopped; s++) await trainer.step();
    await trainer.save(to);
    return trainer.history;
  } finally {
    await trainer.close();
  }
}

describe('resume continues the lr schedule and early stopping exactly', () => {
  it('from mid-warm-up and mid-plateau checkpoints, with 2 workers', async () => {
    const straight = await train(run);
    // The run exercises what it should: warm-up lrs, a plateau reduction, an early stop.
    const lrs = straight.history.map((h) => h.lr);
    // LinearLR from 1/3 over 2 epochs (the exact sequence is core's lr-schedules test).
    expect(lrs[0]).toBeCloseTo(0.02 / 3, 15);
    expect(lrs[1]).toBeCloseTo((0.02 * 2) / 3, 15);
    expect(lrs[2]).toBe(0.02);
    expect(Math.min(...(lrs as number[]))).toBeLessThan(0.02);
    expect(straight.stopped).toBe('early-stopping');

    const first = join(dir, 'warm-up.safetensors');
    const second = join(dir, 'plateau.safetensors');
    await trainPart(undefined, 1, 2, first); // in epoch 2, still warming up
    await trainPart(first, 3, 1, second); // in epoch 5, after the plateau reduced the lr
    const resumed = await train({ resume: second });
    expect(figures(resumed.history)).toEqual(figures(straight.history));
    expect(resumed.stopped).toBe('early-stopping');
    expect(resumed.bestEpoch).toEqual(straight.bestEpoch);
    expect(Array.from(resumed.model.parameters)).toEqual(Array.from(straight.model.parameters));
  });
});
