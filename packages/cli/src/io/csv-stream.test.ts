import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { LineSplitter } from './csv-lines.js';
import { parseCsvText, readCsvDataset } from './csv-reader.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-csv-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function linesOf(pieces: string[]): Array<[string, number]> {
  const lines: Array<[string, number]> = [];
  const splitter = new LineSplitter(
    (line, lineNumber) => lines.push([line, lineNumber]),
    () => {
      throw new Error('overlong');
    },
  );
  for (const piece of pieces) splitter.push(piece);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('yields the same lines wherever the chunk boundaries fall', () => {
    const text = 'x0,label\r\n1,0\n\n22,1\r\n333,2';
    const expected = linesOf([text]);
    expect(expected.map(([line]) => line)).toEqual(['x0,label', '1,0', '', '22,1', '333,2']);
    for (let first = 0; first <= text.length; first++) {
      for (let second = first; second <= text.length; second++) {
        const pieces = [text.slice(0, first), text.slice(first, second), text.slice(second)];
        expect(linesOf(pieces)).toEqual(expected);
      }
    }
  });

  it('reports a line that grows past the limit without a newline', () => {
    const splitter = new LineSplitter(
      () => {},
      (lineNumber) => {
        throw new Error(`overlong line ${lineNumber}`);
      },
    );
    const piece = 'x'.repeat(1024 * 1024);
    expect(() => {
      for (let i = 0; i < 65; i++) splitter.push(piece);
    }).toThrow('overlong line 1');
  });
});

describe('readCsvDataset', () => {
  it('reads a file exactly as parseCsvText reads its text', async () => {
    const text = '\uFEFF"x1",x0,label\r\n" 1.5",2,1\r\n3,"4",0\r\n\r\n';
    const path = join(directory, 'small.csv');
    await writeFile(path, text);
    const fromFile = await readCsvDataset(path, { dtype: 'f32' });
    expect(fromFile).toEqual(parseCsvText(text, path, { dtype: 'f32' }));
    expect([...fromFile.x]).toEqual([2, 1.5, 4, 3]);
  });

  it('names the file in errors, including a missing file and a directory', async () => {
    const path = join(directory, 'bad.csv');
    await writeFile(path, 'x0,x1\n1,2\n3,oops\n');
    await expect(readCsvDataset(path, { dtype: 'f64' })).rejects.toThrow(
      `${path}: row 2 (line 3), column x1: cell "oops" is not a number`,
    );
    const missing = join(directory, 'missing.csv');
    await expect(readCsvDataset(missing, { dtype: 'f64' })).rejects.toThrow(`${missing}: file not found`);
    await expect(readCsvDataset(missing, { dtype: 'f64' })).rejects.toBeInstanceOf(DataError);
    await expect(readCsvDataset(directory, { dtype: 'f64' })).rejects.toThrow(`${directory}: is a directory`);
    const empty = join(directory, 'empty.csv');
    await writeFile(empty, '');
    await expect(readCsvDataset(empty, { dtype: 'f64' })).rejects.toThrow(`${empty}: file is empty`);
  });

  it('streams a ~20 MB file into the right arrays, quickly', async () => {
    const features = 12;
    const rows = 190_000;
    const valueAt = (row: number, column: number) => ((row * 7919 + column * 104729) % 200_003) / 1000 - 100;
    const header = `${Array.from({ length: features }, (_, j) => `x${j}`).join(',')},y0,y1\n`;
    const parts = [header];
    for (let row = 0; row < rows; row++) {
      const cells: string[] = [];
      for (let column = 0; column < features; column++) cells.push(valueAt(row, column).toFixed(3));
      cells.push(String(row / 3), String(row % 10)); // full-precision and integer cells

      parts.push(`${cells.join(',')}\n`);
    }
    const path = join(directory, 'big.csv');
    const text = parts.join('');
    await writeFile(path, text);
    expect(text.length).toBeGreaterThan(19_000_000);

    const started = performance.now();
    const data = await readCsvDataset(path, { dtype: 'f64' });
    const seconds = (performance.now() - started) / 1000;
    console.log(`streamed ${(text.length / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s`);

    expect(data.rows).toBe(rows);
    expect(data.features).toBe(features);
    expect(data.x.length).toBe(rows * features);
    expect(data.outputs).toBe(2);
    for (const row of [0, 1, 54_321, rows - 1]) {
      for (const column of [0, features - 1]) {
        expect(data.x[row * features + column]).toBe(Number(valueAt(row, column).toFixed(3)));
      }
      expect(data.targets![row * 2]).toBe(row / 3);
      expect(data.targets![row * 2 + 1]).toBe(row % 10);
    }
    // Typically well under a second; the bound only catches accidental quadratic behaviour.
    expect(seconds).toBeLessThan(15);
  });
});
