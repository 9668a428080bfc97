// `shardwise train` with --lr-schedule and --early-stopping: the --json start record, the lr of each
// epoch, why the run stopped and the best epoch's parameters in --out. (The flag checks are
// unit-tested in schedule-flags.test.ts, the rest at library level.)
import { join } from 'node:path';
import { loadModel, train } from 'shardwise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('schedule');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** Tiny 20-feature blobs whose validation loss turns up after epoch 3 at this lr. */
const BLOBS = {
  dataset: 'blobs',
  samples: 120,
  features: 20,
  noise: 2,
  hidden: [32],
  lr: 0.02,
  valSplit: 0.25,
  batchSize: 16,
  workers: 2,
  seed: 3,
} as const;
const BLOBS_FLAGS = [
  ...['--dataset', 'blobs', '--samples', '120', '--features', '20', '--noise', '2', '--hidden', '32'],
  ...['--lr', '0.02', '--val-split', '0.25', '--batch-size', '16', '--workers', '2', '--seed', '3'],
];

describe('shardwise train --lr-schedule --early-stopping --json --out', () => {
  it('starts with the resolved configuration, gives each epoch’s lr, says why it stopped; --out holds the best epoch', async () => {
    const out = join(dir.path, 'best.safetensors');
    const schedule = ['--lr-schedule', 'step', '--lr-step-size', '2', '--lr-gamma', '0.5'];
    const warmup = ['--warmup-epochs', '1', '--warmup-start-factor', '0.5'];
    const stop = ['--epochs', '12', '--early-stopping', '2', '--json', '--out', out];
    const result = runCli(['train', ...BLOBS_FLAGS, ...schedule, ...warmup, ...stop]);
    expect(result.status, result.stderr).toBe(0);
    const records = jsonLines(result.stdout);
    expect(records[0]).toMatchObject({
      type: 'start',
      workers: 2,
      kernels: 'wasm',
      blas: null,
      parameters: 20 * 32 + 32 + 32 * 3 + 3,
      rows: { train: 90, validation: 30 },
      epochs: 12,
      batchSize: 16,
      seed: 3,
      model: { sizes: [20, 32, 3], loss: 'ce', dtype: 'f32' },
      optimizer: { kind: 'adam', lr: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
      schedule: { kind: 'step', warmupEpochs: 1, warmupStartFactor: 0.5, stepSize: 2, gamma: 0.5 },
      earlyStopping: { patience: 2, minDelta: 0 },
      options: { lrSchedule: 'step', valSplit: 0.25, shuffle: true, restoreBest: true },
    });
    const epochs = records.filter((r) => r.type === 'epoch');
    expect(records.map((r) => r.type)).toEqual(['start', ...epochs.map(() => 'epoch'), 'summary']);
    // Warm-up epoch 0 at lr·0.5, then StepLR from its own epoch 0: 0.02, 0.02, 0.01, 0.01, 0.005…
    const lrs = [0.01, 0.02, 0.02, 0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125, 0.00125, 0.000625];
    expect(epochs.map((r) => r.lr)).toEqual(lrs.slice(0, epochs.length));

    const summary = records.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', stopped: 'early-stopping', restoredBest: true });
    const best = summary.bestEpoch as number;
    expect(epochs.length).toBe(best + 2);
    expect(summary.bestValLoss).toBe(epochs[best - 1]!.valLoss);
    const upToBest = await train({
      ...BLOBS,
      epochs: best,
      lrSchedule: 'step',
      lrStepSize: 2,
      lrGamma: 0.5,
      warmupEpochs: 1,
      warmupStartFactor: 0.5,
    });
    expect(Array.from((await loadModel(out)).parameters)).toEqual(Array.from(upToBest.model.parameters));
  });
});
