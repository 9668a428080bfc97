// `valData`: validation rows from a CSV of their own, checked against the training columns,
// recorded in the checkpoint (absolute and relative) and used again on resume.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, loadModel, type TrainOptions, train, UsageError } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvDataset } from '../../packages/cli/src/io/csv-reader.js';
import { readSafetensors } from '../../packages/cli/src/io/safetensors.js';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-val-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV of `count` rows: x0, x1 and a label in 0..2 (x1 marks the class, with some overlap). */
function csv(name: string, count: number, shift: number): string {
  const lines = ['x0,x1,label'];
  for (let r = 0; r < count; r++)
    lines.push(`${(r * 0.37 + shift) % 5},${(r % 3) + 0.3 * Math.sin(r)},${r % 3}`);
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const trainCsv = csv('train.csv', 48, 0);
const valCsv = csv('val.csv', 21, 2.5);
const SMALL = {
  hidden: [4],
  batchSize: 16,
  workers: 1,
  kernels: 'ts',
  dtype: 'f64',
} as const satisfies TrainOptions;

describe('valData', () => {
  it('validates on the file each epoch, and resume validates on it again', async () => {
    const out = join(dir, 'run.safetensors');
    const first = await train({ ...SMALL, data: trainCsv, valData: valCsv, epochs: 1, out });
    const valRows = await readCsvDataset(valCsv, { dtype: 'f64', classes: 3 });
    expect(first.history[0]!.valLoss).toBeCloseTo((await loadModel(out)).evaluate(valRows).loss, 12);
    const saved = JSON.parse((await readSafetensors(out)).metadata.training!).options;
    expect(saved.valData).toBe(valCsv);
    expect(saved.valDataRelativeToCheckpoint).toBe('val.csv');
    expect(saved.valSplit).toBe(0);
    const resumed = await train({ resume: out, epochs: 2 });
    expect(resumed.history[1]!.valLoss).toBeCloseTo(resumed.model.evaluate(valRows).loss, 12);
    expect(resumed.history[1]!.valAccuracy).toBeCloseTo(resumed.model.evaluate(valRows).accuracy!, 12);
  });

  it('must have the training data`s feature columns', async () => {
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, 'x0,x1,x2,label\n1,2,3,0\n4,5,6,1\n');
    const error = await train({ ...SMALL, data: trainCsv, valData: wide, epochs: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toBe(`${wide} has 3 feature columns; the training data has 2`);
  });

  it('must not have more classes than the training data', async () => {
    const many = join(dir, 'many.csv');
    writeFileSync(many, 'x0,x1,label\n1,2,0\n4,5,7\n');
    await expect(train({ ...SMALL, data: trainCsv, valData: many, epochs: 1 })).rejects.toThrow(DataError);
  });

  it('is refused together with valSplit', async () => {
    await expect(
      train({ ...SMALL, data: trainCsv, valData: valCsv, valSplit: 0.2, epochs: 1 }),
    ).rejects.toThrow(new UsageError('give either valData or valSplit, not both'));
  });
});
