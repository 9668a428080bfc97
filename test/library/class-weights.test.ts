// classWeights through the library: scikit-learn's 'balanced' weights from the training rows, the
// weighted loss that Model.evaluate reports (checked against the formula on predict's
// probabilities), the weights in the checkpoint, exact resume, and one-line errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, Model, train } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-class-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 40 rows, 3 classes in counts 28 / 8 / 4: a skewed mix. */
function skewed() {
  const labels = Int32Array.from({ length: 40 }, (_, i) => (i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2));
  const x = Float64Array.from(
    { length: 80 },
    (_, i) => Math.sin(i * 1.7) + labels[i >> 1]! * (i % 2 ? 1 : -1),
  );
  return { x, features: 2, labels };
}
const base = { data: skewed(), hidden: [8], batchSize: 10, workers: 1, dtype: 'f64', seed: 3 } as const;

describe('classWeights', () => {
  it("'balanced' is n / (classes · count); Model.evaluate reports Σ w[y]·(−log p_y) / Σ w[y], accuracy unweighted", async () => {
    const { model } = await train({ ...base, epochs: 2, classWeights: 'balanced' });
    const weights = [40 / (3 * 28), 40 / (3 * 8), 40 / (3 * 4)];
    expect(model.config.classWeights).toEqual(weights);
    const data = skewed();
    const p = model.predict(data.x);
    let lossSum = 0;
    let weightSum = 0;
    let correct = 0;
    for (let i = 0; i < 40; i++) {
      const y = data.labels[i]!;
      lossSum -= weights[y]! * Math.log(p[3 * i + y]!);
      weightSum += weights[y]!;
      const row = [p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!];
      if (row.indexOf(Math.max(...row)) === y) correct++;
    }
    const result = model.evaluate(data);
    expect(Math.abs(result.loss - lossSum / weightSum)).toBeLessThan(1e-12);
    expect(result.accuracy).toBe(correct / 40);
    // The same model without weights reports the plain mean.
    const plain = new Model({ ...model.config, classWeights: undefined }, model.parameters);
    expect(plain.evaluate(data).loss).not.toBeCloseTo(result.loss, 6);
  });

  it("'balanced' counts the training rows only; saved in the checkpoint; resume is exact (1 + 1 epochs = 2)", async () => {
    const options = { ...base, valSplit: 0.2, classWeights: 'balanced' } as const;
    const straight = await train({ ...options, epochs: 2 });
    // w_k = n_train / (3·c_k): the counts behind the weights, n_train / (3·w_k), are integers that
    // add up to the 32 training rows (the 40 rows overall would not fit).
    const counts = straight.model.config.classWeights!.map((w) => 32 / (3 * w));
    for (const c of counts) expect(Math.abs(c - Math.round(c))).toBeLessThan(1e-9);
    expect(counts.reduce((s, c) => s + Math.round(c), 0)).toBe(32);
    const path = join(dir, 'weighted.safetensors');
    const first = await train({ ...options, epochs: 1, out: path });
    expect((await loadModel(path)).config.classWeights).toEqual(first.model.config.classWeights);
    const resumed = await train({ resume: path, data: skewed(), epochs: 2 });
    expect(resumed.model.config.classWeights).toEqual(straight.model.config.classWeights);
    expect(Array.from(resumed.model.parameters)).toEqual(Array.from(straight.model.parameters));
    expect(resumed.history.map((h) => [h.loss, h.valLoss])).toEqual(
      straight.history.map((h) => [h.loss, h.valLoss]),
    );
    await expect(train({ resume: path, data: skewed(), epochs: 2, classWeights: [1, 1, 1] })).rejects.toThrow(
      /^classWeights \[1,1,1\] differs from .*weighted\.safetensors's class weights/,
    );
  });

  it('refuses regression, a wrong count, bad values and a class without training rows', async () => {
    const opts = { ...base, epochs: 1 };
    await expect(train({ ...opts, dataset: 'teacher', data: undefined, classWeights: [1] })).rejects.toThrow(
      'classWeights applies to a classification loss (ce), not mse',
    );
    await expect(train({ ...opts, classWeights: [1, 2] })).rejects.toThrow(
      'classWeights gives 2 weights, the model has 3 classes',
    );
    for (const bad of [[1, -1, 1], [1, Number.NaN, 1], [0, 0, 0], 'Balanced', []]) {
      await expect(train({ ...opts, classWeights: bad as never })).rejects.toMatchObject({
        name: 'UsageError',
        message: expect.stringMatching(/^classWeights must be 'balanced' or one finite weight ≥ 0 per class/),
      });
    }
    const missing = { ...skewed(), labels: skewed().labels.map((y) => (y === 1 ? 0 : y)) };
    await expect(train({ ...opts, data: missing, classWeights: 'balanced' })).rejects.toMatchObject({
      name: 'DataError',
      message:
        'classWeights balanced: class 1 has no training rows, so its weight n/(classes·count) would be infinite',
    });
  });
});
