// Column options and class names through the library: train() on a CSV with an id column and
// named classes, the model's predictLabels, save/load, and resume reading the saved columns by name.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, loadModel, Model, train, UsageError } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPECIES = ['virginica', 'setosa', 'versicolor'];

/** 48 rows of three separable classes, `id,f1,f2,f3,species`, features from a fixed formula. */
function rows(): string[][] {
  return Array.from({ length: 48 }, (_, i) => {
    const c = i % 3;
    const wobble = ((i * 37) % 11) / 20;
    return [`r${i}`, String(c + wobble), String(2 * c - wobble), String(wobble - c), SPECIES[c]!];
  });
}

/** Writes `rows` under `header` with the columns in the order `order` (indices into the row). */
function writeCsv(name: string, order: readonly number[]): string {
  const header = ['id', 'f1', 'f2', 'f3', 'species'];
  const lines = [header, ...rows()].map((cells) => order.map((c) => cells[c]).join(','));
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const data = writeCsv('iris.csv', [0, 1, 2, 3, 4]);
const base = {
  data,
  labelColumn: 'species',
  ignoreColumns: ['id'],
  hidden: [8],
  batchSize: 16,
  workers: 1,
  dtype: 'f64',
  seed: 4,
} as const;

describe('train() with column options', () => {
  it('learns sorted class names, records the columns and predicts labels by name', async () => {
    const { model } = await train({ ...base, epochs: 1 });
    expect(model.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(model.columns).toEqual({ features: ['f1', 'f2', 'f3'], label: 'species', targets: [] });
    const x = [0, 0, 0, 2, 4, -2];
    const classes = model.predictClasses(x);
    expect(model.predictLabels(x)).toEqual(Array.from(classes, (c) => model.classNames![c]));

    const path = join(dir, 'weights.safetensors');
    await model.save(path);
    const loaded = await loadModel(path);
    expect(loaded.classNames).toEqual(model.classNames);
    expect(loaded.columns).toEqual(model.columns);
  });

  it('resumes reading the saved columns by name from a file of another column order', async () => {
    const straight = await train({ ...base, epochs: 4 });
    const first = join(dir, 'two.safetensors');
    await train({ ...base, epochs: 2, out: first });
    const shuffled = writeCsv('iris-reordered.csv', [4, 3, 0, 1, 2]);
    const resumed = await train({ resume: first, data: shuffled, epochs: 4 });
    expect(resumed.model.classNames).toEqual(straight.model.classNames);
    expect(Array.from(resumed.model.parameters)).toEqual(Array.from(straight.model.parameters));
  });

  it('refuses, on resume, a label the checkpoint does not know', async () => {
    const first = join(dir, 'one.safetensors');
    await train({ ...base, epochs: 1, out: first });
    const other = join(dir, 'unseen.csv');
    writeFileSync(other, 'id,f1,f2,f3,species\na,1,2,3,setosa\nb,1,2,3,rose\n');
    await expect(train({ resume: first, data: other, epochs: 2 })).rejects.toThrow(
      new DataError(
        `${other}: row 2 (line 3), column species: label "rose" is not one of the model's 3 classes ("setosa", "versicolor", "virginica")`,
      ),
    );
  });

  it('names the option of an unknown column, and refuses column options without a CSV', async () => {
    await expect(train({ ...base, labelColumn: 'specis', epochs: 1 })).rejects.toThrow(
      new UsageError(`${data}: labelColumn: no column specis in the header; did you mean species?`),
    );
    await expect(train({ dataset: 'moons', labelColumn: 'label', epochs: 1 })).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(train({ ...base, targetColumns: ['f1'], epochs: 1 })).rejects.toThrow('not both');
  });
});

describe('Model class names', () => {
  const config = {
    sizes: [1, 2],
    activation: 'relu',
    loss: 'ce',
    outActivation: 'identity',
    dtype: 'f64',
  } as const;
  // Output j = w_j·x + b_j: class 1 wins for x > 0, class 0 for x < 0.
  const parameters = new Float64Array([-1, 1, 0, 0]);

  it('predictLabels gives names with classNames, else indices as text', () => {
    expect(new Model(config, parameters, { classNames: ['neg', 'pos'] }).predictLabels([-3, 2])).toEqual([
      'neg',
      'pos',
    ]);
    expect(new Model(config, parameters).predictLabels([-3, 2])).toEqual(['0', '1']);
  });

  it('refuses class names that do not fit the outputs', () => {
    expect(() => new Model(config, parameters, { classNames: ['a', 'a'] })).toThrow(
      'classNames names a class twice',
    );
    expect(() => new Model(config, parameters, { classNames: ['a'] })).toThrow('has 1 names for 2 outputs');
  });
});
