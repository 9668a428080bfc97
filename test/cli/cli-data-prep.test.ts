// The data flags end to end: --standardize saved by train and applied by eval exactly as by the
// library, and --val-data recorded for --resume.

import { loadModel } from 'shardwise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvDataset } from '../../packages/cli/src/io/csv-reader.js';
import { readSafetensors } from '../../packages/cli/src/io/safetensors.js';
import { lines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('data-prep');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** Rows of 2 unscaled features (around 50 and −20) and 3 classes. */
function csv(name: string, count: number, shift: number): string {
  const rows = ['x0,x1,label'];
  for (let r = 0; r < count; r++) {
    rows.push(`${50 + 10 * (r % 3) + ((r * 7 + shift) % 11)},${-20 + ((r * 3 + shift) % 5)},${r % 3}`);
  }
  return dir.write(name, `${rows.join('\n')}\n`);
}

const FLAGS = ['--hidden', '4', '--batch-size', '16', '--workers', '1', '--kernels', 'ts', '--dtype', 'f64'];

describe('shardwise train --standardize / --val-data', () => {
  it('saves the statistics, eval applies them as Model.evaluate does, and --resume keeps --val-data', async () => {
    const trainCsv = csv('train.csv', 45, 0);
    const valCsv = csv('val.csv', 15, 4);
    const model = dir.file('model.safetensors');
    const first = runCli([
      'train',
      '--data',
      trainCsv,
      '--val-data',
      valCsv,
      '--standardize',
      '--epochs',
      '1',
      '--out',
      model,
      '--quiet',
      ...FLAGS,
    ]);
    expect(first.status, first.stderr).toBe(0);
    const resumed = runCli(['train', '--resume', model, '--epochs', '2', '--out', model, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const epochs = lines(resumed.stdout)
      .map((line) => JSON.parse(line))
      .filter((r) => r.epoch === 2 && r.valLoss !== undefined);
    expect(epochs).toHaveLength(1);
    expect((await readSafetensors(model)).tensors.has('standardize.mean')).toBe(true);

    const evaluated = runCli(['eval', '--model', model, '--data', valCsv, '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const rows = await readCsvDataset(valCsv, { dtype: 'f64', classes: 3 });
    const library = (await loadModel(model)).evaluate(rows);
    expect(JSON.parse(evaluated.stdout)).toEqual(library);
    // Validation after the last epoch saw the same rows through the same standardization.
    expect(epochs[0].valLoss).toBeCloseTo(library.loss, 12);
  });
});
