// What the caller gives explicitly wins over a checkpoint, and says so: optimizer settings on
// resume (checked against the update formulas), architecture options (same value fine, another
// refused), init's outputs, dtype and data, and a resume with nothing left to train.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, Trainer, type TrainOptions, train, UsageError } from 'shardwise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../packages/cli/src/io/safetensors.js';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-overrides-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One full-batch step per epoch, in file order: each epoch is exactly one optimizer update. */
const ONE_STEP = {
  dataset: 'blobs',
  samples: 64,
  features: 3,
  classes: 4,
  hidden: [5],
  batchSize: 64,
  shuffle: false,
  workers: 1,
  kernels: 'ts',
  dtype: 'f64',
} as const satisfies TrainOptions;

const sgdCheckpoint = join(dir, 'sgd.safetensors');
beforeAll(async () => {
  await train({ ...ONE_STEP, optimizer: 'sgd', lr: 0.05, epochs: 2, out: sgdCheckpoint });
});

/** Resumes `path` for one more epoch with `extra`, collecting the notices. */
async function resumeOneEpoch(path: string, extra: TrainOptions = {}) {
  const notices: string[] = [];
  const before = (await loadModel(path)).parameters;
  const result = await train({ resume: path, epochs: 3, ...extra, onNotice: (m) => notices.push(m) });
  const after = result.model.parameters;
  const delta = Array.from(after, (value, i) => before[i]! - value);
  return { notices, delta, result };
}

describe('explicit optimizer settings on resume', () => {
  it('without them the saved optimizer continues, with no notice', async () => {
    const { notices } = await resumeOneEpoch(sgdCheckpoint);
    expect(notices).toEqual([]);
  });

  it('a new lr scales the sgd update by exactly its ratio, and says so', async () => {
    const same = await resumeOneEpoch(sgdCheckpoint);
    const doubled = await resumeOneEpoch(sgdCheckpoint, { lr: 0.1 });
    expect(doubled.notices).toEqual(['resuming with lr 0.1 (checkpoint: 0.05)']);
    expect(same.delta.some((d) => d !== 0)).toBe(true);
    same.delta.forEach((d, i) => {
      expect(doubled.delta[i]).toBeCloseTo(2 * d, 12);
    });
  });

  it('repeating the saved value is silent', async () => {
    const { notices } = await resumeOneEpoch(sgdCheckpoint, { lr: 0.05, optimizer: 'sgd' });
    expect(notices).toEqual([]);
  });

  it('a new weight decay adds lr·wd·p to the update', async () => {
    const before = (await loadModel(sgdCheckpoint)).parameters;
    const plain = await resumeOneEpoch(sgdCheckpoint);
    const decayed = await resumeOneEpoch(sgdCheckpoint, { weightDecay: 5 });
    expect(decayed.notices).toEqual(['resuming with weightDecay 5 (checkpoint: 0)']);
    plain.delta.forEach((d, i) => {
      expect(decayed.delta[i]).toBeCloseTo(d + 0.05 * 5 * before[i]!, 12);
    });
  });

  it('switching to adam starts its state fresh: the first update is lr·g/(|g|+ε), t = 1', async () => {
    const path = join(dir, 'to-adam.safetensors');
    const notices: string[] = [];
    const plain = await resumeOneEpoch(sgdCheckpoint);
    const before = (await loadModel(sgdCheckpoint)).parameters;
    const result = await train({
      resume: sgdCheckpoint,
      epochs: 3,
      optimizer: 'adam',
      out: path,
      onNotice: (m) => notices.push(m),
    });
    expect(notices).toEqual([
      "resuming with optimizer adam (checkpoint: sgd); the optimizer state starts fresh (sgd's does not carry over)",
    ]);
    // The sgd update is lr·g, so g = Δ/lr; fresh Adam's first step is lr·ĝ with m̂ = g, v̂ = g².
    result.model.parameters.forEach((value, i) => {
      const g = plain.delta[i]! / 0.05;
      expect(before[i]! - value).toBeCloseTo((0.05 * g) / (Math.abs(g) + 1e-8), 9);
    });
    const saved = JSON.parse((await readSafetensors(path)).metadata.training!);
    expect(saved.globalStep).toBe(1);
    expect(saved.optimizer).toMatchObject({ kind: 'adam', lr: 0.05 });
  });

  it('every optimizer option overrides the checkpoint with one notice, and is saved', async () => {
    const adam = join(dir, 'adam.safetensors');
    await train({ ...ONE_STEP, epochs: 1, out: adam });
    const changes = {
      lr: ['lr', 0.002],
      momentum: ['momentum', 0.5],
      weightDecay: ['weightDecay', 0.1],
      beta1: ['beta1', 0.8],
      beta2: ['beta2', 0.99],
      eps: ['epsilon', 1e-6],
    } as const;
    for (const [option, [field, value]] of Object.entries(changes)) {
      const notices: string[] = [];
      const out = join(dir, `adam-${option}.safetensors`);
      await train({ resume: adam, epochs: 2, [option]: value, out, onNotice: (m) => notices.push(m) });
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(
        new RegExp(`^resuming with ${option} ${value} \\(checkpoint: [0-9.e-]+\\)$`),
      );
      const saved = JSON.parse((await readSafetensors(out)).metadata.training!);
      expect(saved.optimizer[field], option).toBe(value);
      expect(saved.globalStep, option).toBe(2); // same kind: the Adam state continues
    }
  });

  it('rejects invalid new values like any option', async () => {
    await expect(train({ resume: sgdCheckpoint, epochs: 3, beta2: 1 })).rejects.toThrow(/beta2 must be in/);
    await expect(train({ resume: sgdCheckpoint, epochs: 3, eps: 0 })).rejects.toThrow(/eps must be/);
  });
});

describe('architecture options with a checkpoint', () => {
  it("accepts the checkpoint's own values", async () => {
    const options = {
      hidden: [5],
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f64',
    } as const;
    for (const [key, value] of Object.entries(options)) {
      await expect(train({ resume: sgdCheckpoint, epochs: 2, [key]: value }), key).resolves.toBeDefined();
      await expect(train({ init: sgdCheckpoint, epochs: 0, [key]: value }), key).resolves.toBeDefined();
    }
  });

  it('refuses another value, naming both', async () => {
    const others = {
      hidden: [32],
      activation: 'tanh',
      loss: 'mse',
      outActivation: 'tanh',
      dtype: 'f32',
    } as const;
    const saved = { hidden: '[5]', activation: 'relu', loss: 'ce', outActivation: 'identity', dtype: 'f64' };
    for (const [key, value] of Object.entries(others)) {
      const error = await train({ resume: sgdCheckpoint, epochs: 3, [key]: value }).catch((e: unknown) => e);
      expect(error, key).toBeInstanceOf(UsageError);
      const shown = Array.isArray(value) ? JSON.stringify(value) : value;
      expect((error as Error).message).toBe(
        `${key} ${shown} differs from ${sgdCheckpoint}'s ${saved[key as keyof typeof saved]}`,
      );
      if (key === 'dtype') continue; // init may convert
      await expect(train({ init: sgdCheckpoint, epochs: 0, [key]: value }), key).rejects.toThrow(
        /differs from/,
      );
    }
  });
});

describe('init', () => {
  it('converts the weights to another dtype, and says so', async () => {
    const notices: string[] = [];
    const { model } = await train({
      init: sgdCheckpoint,
      dtype: 'f32',
      dataset: 'blobs',
      features: 3,
      classes: 4,
      epochs: 0,
      onNotice: (m) => notices.push(m),
    });
    const saved = await loadModel(sgdCheckpoint);
    expect(model.config.dtype).toBe('f32');
    expect(Array.from(model.parameters)).toEqual(Array.from(Float32Array.from(saved.parameters)));
    expect(notices).toEqual([`starting from ${sgdCheckpoint}'s f64 weights converted to f32`]);
  });

  it('takes the output count from the checkpoint: labels need only be below it', async () => {
    const ten = join(dir, 'ten.safetensors');
    await train({
      dataset: 'blobs',
      classes: 10,
      samples: 200,
      hidden: [6],
      epochs: 1,
      workers: 1,
      out: ten,
    });
    const labels = Int32Array.from({ length: 90 }, (_, i) => i % 9);
    const x = Float32Array.from({ length: 180 }, (_, i) => Math.sin(i));
    const { model } = await train({ init: ten, data: { x, features: 2, labels }, epochs: 1, workers: 1 });
    expect(model.outputs).toBe(10);
    const eleven = Int32Array.from({ length: 90 }, (_, i) => i % 11);
    await expect(
      train({ init: ten, data: { x, features: 2, labels: eleven }, epochs: 1, workers: 1 }),
    ).rejects.toThrow(/the data has 11 classes, the checkpoint .* has 10 outputs/);
  });

  it("without data trains on the checkpoint's recorded data, and says so", async () => {
    const notices: string[] = [];
    const straight = await train({ ...ONE_STEP, optimizer: 'sgd', lr: 0.05, epochs: 1 });
    const { history } = await train({ init: sgdCheckpoint, epochs: 1, onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([
      `init without data or dataset: training on the data ${sgdCheckpoint} was trained on (dataset blobs, samples 64, features 3, classes 4, seed 1)`,
    ]);
    expect(history).toHaveLength(1);
    expect(straight.history).toHaveLength(1);
  });

  it('without data refuses a checkpoint that records none', async () => {
    const weightsOnly = join(dir, 'weights.safetensors');
    await (await loadModel(sgdCheckpoint)).save(weightsOnly);
    const error = await train({ init: weightsOnly, epochs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      `init ${weightsOnly} needs data or dataset: ${weightsOnly} holds weights only and does not record the data it was trained on`,
    );
  });
});

describe('a resume with nothing left to train', () => {
  it('says so and returns the model unchanged', async () => {
    for (const epochs of [2, 1, 0]) {
      const notices: string[] = [];
      const { model, history } = await train({
        resume: sgdCheckpoint,
        epochs,
        onNotice: (m) => notices.push(m),
      });
      expect(notices).toEqual([`${sgdCheckpoint} already has 2 epochs; nothing to train`]);
      expect(Array.from(model.parameters)).toEqual(Array.from((await loadModel(sgdCheckpoint)).parameters));
      expect(history).toHaveLength(2);
    }
  });
});

describe('changed data or schedule on resume', () => {
  it('is allowed, with a notice; a mid-epoch position then restarts that epoch', async () => {
    const middle = join(dir, 'middle.safetensors');
    const trainer = await Trainer.create({ ...ONE_STEP, batchSize: 16, epochs: 2 });
    try {
      await trainer.epoch();
      await trainer.step();
      await trainer.save(middle);
    } finally {
      await trainer.close();
    }
    const notices: string[] = [];
    const { history } = await train({
      resume: middle,
      epochs: 2,
      batchSize: 32,
      onNotice: (m) => notices.push(m),
    });
    expect(notices).toEqual([
      'resuming with batchSize 32 (checkpoint: 16); not an exact continuation of the saved run',
      `${middle} was saved during epoch 2; with the changes above that epoch starts again from its first step`,
    ]);
    expect(history).toHaveLength(2);

    // A change that keeps the step sequence (the learning rate) keeps the position.
    const kept: string[] = [];
    await train({ resume: middle, epochs: 2, lr: 0.02, onNotice: (m) => kept.push(m) });
    expect(kept).toEqual(['resuming with lr 0.02 (checkpoint: 0.01)']);
  });
});
