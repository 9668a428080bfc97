// `standardize`: statistics from the training rows only, applied by the trained Model and by a
// loaded checkpoint alike, caller arrays left alone, and kept (never recomputed) on resume.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, stratifiedSplit } from '@shardwise/core';
import { loadModel, Model, Trainer, type TrainOptions, train, UsageError } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-standardize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 60 rows, 3 classes, 2 features far from mean 0 / scale 1 (x0 = 100 + row, x1 = 5 · class − 3). */
function rows(offset = 0) {
  const count = 60;
  const x: number[] = [];
  const labels: number[] = [];
  for (let r = 0; r < count; r++) {
    x.push(100 + r + offset, 5 * (r % 3) - 3 + 0.01 * r);
    labels.push(r % 3);
  }
  return { x, labels, features: 2 };
}

const SMALL = {
  hidden: [4],
  epochs: 2,
  batchSize: 16,
  workers: 1,
  kernels: 'ts',
  dtype: 'f64',
} as const satisfies TrainOptions;

/** Mean and population std of column `j` of the rows `which` (from the definitions). */
function columnStats(x: readonly number[], features: number, j: number, which: readonly number[]) {
  const values = which.map((r) => x[r * features + j]!);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean, scale: Math.sqrt(variance) };
}

describe('standardize', () => {
  it('computes its statistics on the training rows only, not the held-out ones', async () => {
    const data = rows();
    const trainer = await Trainer.create({ ...SMALL, data, standardize: true, valSplit: 0.25, seed: 3 });
    try {
      const s = trainer.model.standardization!;
      // The rows the seeded split keeps for training (the split itself is tested in core).
      const dataset = {
        rows: 60,
        features: 2,
        x: Float64Array.from(data.x),
        labels: Int32Array.from(data.labels),
        targets: null,
        outputs: 3,
        classes: 3,
      };
      const kept = [...stratifiedSplit(dataset, 0.25, new Rng(3)).train.x].filter((_, i) => i % 2 === 0);
      const trainRows = kept.map((x0) => x0 - 100);
      expect(trainRows).toHaveLength(45);
      for (const j of [0, 1]) {
        const expected = columnStats(data.x, 2, j, trainRows);
        expect(s.mean[j]).toBeCloseTo(expected.mean, 12);
        expect(s.scale[j]).toBeCloseTo(expected.scale, 12);
      }
      const everyRow = columnStats(data.x, 2, 0, [...Array(60).keys()]);
      expect(Math.abs(s.mean[0]! - everyRow.mean)).toBeGreaterThan(1e-6);
      expect(s.rows).toBe(45);
      // The trainer standardizes rows it is given, as its model does.
      const test = rows(3);
      expect(trainer.evaluate(test)).toEqual(trainer.model.evaluate(test));
      expect([...trainer.predict(test.x)]).toEqual([...trainer.model.predict(test.x)]);
    } finally {
      await trainer.close();
    }
  });

  it('never takes statistics from valData rows', async () => {
    const data = rows();
    const far = rows(1e4);
    const { model, history } = await train({ ...SMALL, data, valData: far, standardize: true });
    const expected = columnStats(data.x, 2, 0, [...Array(60).keys()]);
    expect(model.standardization!.mean[0]).toBeCloseTo(expected.mean, 12);
    expect(model.standardization!.scale[0]).toBeCloseTo(expected.scale, 12);
    expect(history[1]!.valLoss).toBeGreaterThan(0);
  });

  it('is applied by the trained model and by its checkpoint alike, as (x − mean) / scale', async () => {
    const data = rows();
    const before = [...data.x];
    const out = join(dir, 'standardized.safetensors');
    const { model } = await train({ ...SMALL, data, standardize: true, out });
    expect(data.x).toEqual(before);
    const test = rows(7);
    const fromRun = model.evaluate(test);
    // The same kernels as the run's model: bit-identity holds per kernel build (Node 22+ runs the
    // relaxed-SIMD WebAssembly build, which differs from the TypeScript reference in the last bits).
    const loaded = await loadModel(out, { kernels: SMALL.kernels });
    expect(loaded.evaluate(test)).toEqual(fromRun);
    // The same numbers from the raw weights on inputs standardized here by the definition.
    const s = model.standardization!;
    const scaled = test.x.map((v, i) => (v - s.mean[i % 2]!) / s.scale[i % 2]!);
    const raw = new Model(model.config, model.parameters);
    expect(raw.evaluate({ ...test, x: scaled }).loss).toBeCloseTo(fromRun.loss, 12);
    expect([...loaded.predict(test.x)]).toEqual([...model.predict(test.x)]);
    expect(raw.evaluate(test).loss).not.toBeCloseTo(fromRun.loss, 3);
  });

  it('keeps the checkpoint`s statistics on resume, with a notice when the data changes', async () => {
    const out = join(dir, 'resumed.safetensors');
    const first = await train({ ...SMALL, data: rows(), standardize: true, out });
    const notices: string[] = [];
    const { model } = await train({
      resume: out,
      epochs: 3,
      data: rows(500),
      onNotice: (m) => notices.push(m),
    });
    expect([...model.standardization!.mean]).toEqual([...first.model.standardization!.mean]);
    expect([...model.standardization!.scale]).toEqual([...first.model.standardization!.scale]);
    expect(notices.join('\n')).toContain('not recomputed');
    await expect(train({ resume: out, epochs: 3, data: rows(), standardize: false })).rejects.toThrow(
      UsageError,
    );
  });

  it('cannot be turned on when resuming a run trained on raw inputs', async () => {
    const out = join(dir, 'raw.safetensors');
    await train({ ...SMALL, data: rows(), out });
    await expect(train({ resume: out, epochs: 3, data: rows(), standardize: true })).rejects.toThrow(
      /cannot be turned on when resuming/,
    );
  });
});
