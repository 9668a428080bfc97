// --class-weights from the command line: a one-line usage error naming the flag, and a weighted run whose checkpoint keeps the balanced weights.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUserError, requireBuiltBinary, runCli, SMALL_RUN, tempDir } from './cli-harness.js';

const dir = tempDir('cli-class-weights');
afterAll(() => dir.remove());
beforeAll(requireBuiltBinary);

/** 20 rows: 14 of class 0, 4 of class 1, 2 of class 2. */
function writeCsv(): string {
  const rows = Array.from({ length: 20 }, (_, i) => {
    const y = i < 14 ? 0 : i < 18 ? 1 : 2;
    return `${Math.sin(i).toFixed(3)},${(y + Math.cos(i) / 4).toFixed(3)},${y}`;
  });
  const path = join(dir.path, 'skewed.csv');
  writeFileSync(path, `x0,x1,label\n${rows.join('\n')}\n`);
  return path;
}

describe('--class-weights', () => {
  it('refuses weights that do not fit the model in one line naming the flag', () => {
    // Malformed values are covered by the flag's unit test, the other checks by the library's.
    expectUserError(
      runCli(['train', ...SMALL_RUN, '--epochs', '1', '--class-weights', '1,2,3']),
      2,
      '--class-weights gives 3 weights, the model has 2 classes',
    );
  });

  it('trains with balanced weights and saves them in the checkpoint', () => {
    const out = join(dir.path, 'weighted.safetensors');
    const data = writeCsv();
    const args = ['train', '--data', data, '--hidden', '4', '--epochs', '1', '--workers', '2'];
    const result = runCli([
      ...args,
      '--batch-size',
      '7',
      '--class-weights',
      'balanced',
      '--out',
      out,
      '--quiet',
    ]);
    expect(result.status, result.stderr).toBe(0);
    const bytes = readFileSync(out);
    const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8'));
    expect(JSON.parse(header.__metadata__.class_weights)).toEqual([
      20 / (3 * 14),
      20 / (3 * 4),
      20 / (3 * 2),
    ]);
  });
});
