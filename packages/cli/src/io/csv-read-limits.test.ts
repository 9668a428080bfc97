// Reading a large CSV stops between chunks once its signal aborts, and before it outgrows its memory limit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvDataset } from './csv-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-csv-abort-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readCsvDataset with a signal', () => {
  // About 8 MiB: several read chunks.
  const rows = Array.from({ length: 400_000 }, (_, i) => `${i % 97},${i % 13},${i % 2}`);
  const path = join(dir, 'large.csv');
  writeFileSync(path, `x0,x1,label\n${rows.join('\n')}\n`);

  it('rejects with an AbortError when aborted during the read', async () => {
    const controller = new AbortController();
    const reading = readCsvDataset(path, { dtype: 'f32', signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads the whole file when not aborted', async () => {
    const data = await readCsvDataset(path, { dtype: 'f32', signal: new AbortController().signal });
    expect(data.rows).toBe(400_000);
  });

  it('fails as a DataError naming the file once the rows would outgrow the memory limit', async () => {
    const reading = readCsvDataset(path, { dtype: 'f64', memoryLimit: 2 ** 20 });
    await expect(reading).rejects.toMatchObject({ name: 'DataError' });
    await expect(reading).rejects.toThrow(
      new RegExp(
        `^${path}: after \\d+ rows the data takes \\d+ MiB and cannot grow within the 1 MiB of free memory`,
      ),
    );
    // The same file within a limit it fits in is read whole.
    expect((await readCsvDataset(path, { dtype: 'f64', memoryLimit: 64 * 2 ** 20 })).rows).toBe(400_000);
  });
});
