// Column options and class names end to end: train on `id,f1,f2,f3,species` with string labels,
// eval, predict from a file of another column order passing the id through, and the one-line
// errors for an unknown column and an unseen label. (Resume keeping the mapping, and a tampered
// mapping refused, are shown in test/library/column-options.test.ts and columns-metadata.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../packages/cli/src/model/model.js';
import { expectUserError, lines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('columns');
afterAll(() => dir.remove());

const SPECIES = ['virginica', 'setosa', 'versicolor'];
const ROWS = Array.from({ length: 30 }, (_, i) => {
  const c = i % 3;
  const w = ((i * 37) % 11) / 20;
  return { id: `r${i}`, f: [c + w, 2 * c - w, w - c], species: SPECIES[c]! };
});
const TRAIN = dir.write(
  'train.csv',
  `id,f1,f2,f3,species\n${ROWS.map((r) => `${r.id},${r.f.join(',')},${r.species}`).join('\n')}\n`,
);
// The same rows with the columns in another order and no label: as a file to predict on.
const PREDICT = dir.write(
  'predict.csv',
  `f3,id,f1,f2\n${ROWS.map((r) => `${r.f[2]},${r.id},${r.f[0]},${r.f[1]}`).join('\n')}\n`,
);
const MODEL = dir.file('model.safetensors');
const RUN = ['--hidden', '8', '--workers', '1', '--batch-size', '8', '--dtype', 'f64', '--quiet'];

beforeAll(() => {
  requireBuiltBinary();
  const trained = runCli([
    'train',
    '--data',
    TRAIN,
    '--label-column',
    'species',
    '--ignore-columns',
    'id',
    '--epochs',
    '3',
    '--out',
    MODEL,
    ...RUN,
  ]);
  expect(trained.status, trained.stderr).toBe(0);
});

describe('string class labels and named columns through the CLI', () => {
  it('eval reads the labels through the saved class names', async () => {
    const result = runCli(['eval', '--model', MODEL, '--data', TRAIN, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { loss: number; accuracy: number; classNames: string[] };
    expect(printed.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    // The library, given the class indices of the sorted names, evaluates the same rows alike.
    const model = await loadModel(MODEL);
    const labels = ROWS.map((r) => model.classNames!.indexOf(r.species));
    expect(labels).not.toContain(-1);
    const expected = model.evaluate({ x: ROWS.flatMap((r) => r.f), features: 3, labels });
    expect(printed.accuracy).toBe(expected.accuracy);
    expect(printed.loss).toBeCloseTo(expected.loss, 12);
    // The plain report names the classes in its per-class rows and the confusion matrix.
    const plain = runCli(['eval', '--model', MODEL, '--data', TRAIN]);
    expect(plain.stdout).toMatch(/^setosa +\d\.\d{4}/m);
    expect(plain.stdout).toMatch(/^virginica +\d+ +\d+ +\d+$/m);
  });

  it('predict picks the features by name, writes label names and passes the id through', async () => {
    const result = runCli(['predict', '--model', MODEL, '--data', PREDICT, '--keep-columns', 'id']);
    expect(result.status, result.stderr).toBe(0);
    const [header, ...body] = lines(result.stdout);
    expect(header).toBe('id,label,p_setosa,p_versicolor,p_virginica');
    // The library, fed the features in training order, predicts the same labels.
    const model = await loadModel(MODEL);
    const expected = model.predictLabels(ROWS.flatMap((r) => r.f));
    expect(body.map((line) => line.split(',').slice(0, 2))).toEqual(ROWS.map((r, i) => [r.id, expected[i]]));
  });
});

describe('column and label errors through the CLI', () => {
  it('an unknown column names the flag and suggests the closest name (exit 2)', () => {
    const result = runCli(['train', '--data', TRAIN, '--label-column', 'specis', '--epochs', '1', ...RUN]);
    expectUserError(result, 2, '--label-column', 'no column specis', 'did you mean species?', TRAIN);
  });

  it('a label the model does not know names the file, line and label (exit 1)', () => {
    const unseen = dir.write('unseen.csv', 'id,f1,f2,f3,species\na,1,2,3,setosa\nb,1,2,3,rose\n');
    const result = runCli(['eval', '--model', MODEL, '--data', unseen]);
    expectUserError(result, 1, unseen, 'line 3', 'label "rose" is not one of the model\'s 3 classes');
  });
});
