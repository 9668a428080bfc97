import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../errors.js';
import { type CsvReadOptions, parseCsvText } from './csv-reader.js';

const F64: CsvReadOptions = { dtype: 'f64' };

function parse(text: string, options: CsvReadOptions = F64) {
  return parseCsvText(text, 'data.csv', options);
}

/** The DataError message for `text`, failing the test if parsing succeeds or throws anything else. */
function errorOf(text: string, options: CsvReadOptions = F64): string {
  try {
    parse(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith('data.csv: ')).toBe(true);
    return message;
  }
  throw new Error('expected a DataError');
}

describe('parseCsvText: accepted formats', () => {
  it('reads features and an integer label, inferring classes from the largest label', () => {
    const data = parse('x0,x1,label\n1,2,0\n3.5,-4,2\n');
    expect(data.rows).toBe(2);
    expect(data.features).toBe(2);
    expect(data.x).toBeInstanceOf(Float64Array);
    expect([...data.x]).toEqual([1, 2, 3.5, -4]);
    expect(data.labels).toEqual(new Int32Array([0, 2]));
    expect(data.targets).toBeNull();
    expect(data.classes).toBe(3);
    expect(data.outputs).toBe(3);
  });

  it('uses options.classes when given', () => {
    const data = parse('x0,label\n1,0\n2,1\n', { dtype: 'f32', classes: 5 });
    expect(data.classes).toBe(5);
    expect(data.outputs).toBe(5);
    expect(data.x).toBeInstanceOf(Float32Array);
  });

  it('reads y target columns in any order, with classes 0', () => {
    const data = parse('y1,x1,y0,x0\n10,2,20,1\n30,4,40,3\n');
    expect([...data.x]).toEqual([1, 2, 3, 4]);
    expect([...data.targets!]).toEqual([20, 10, 40, 30]);
    expect(data.labels).toBeNull();
    expect(data.outputs).toBe(2);
    expect(data.classes).toBe(0);
  });

  it('reads a features-only file (for predict)', () => {
    const data = parse('x0,x1\n1,2\n3,4');
    expect(data).toMatchObject({ rows: 2, features: 2, labels: null, targets: null, outputs: 0, classes: 0 });
  });

  it('accepts a BOM, CRLF, no trailing newline and blank trailing lines', () => {
    const expected = parse('x0,label\n1.5,1\n2.5,0\n');
    for (const text of [
      '\uFEFFx0,label\n1.5,1\n2.5,0\n',
      'x0,label\r\n1.5,1\r\n2.5,0\r\n',
      'x0,label\n1.5,1\n2.5,0',
      'x0,label\n1.5,1\n2.5,0\n\n  \n\r\n',
    ]) {
      const data = parse(text);
      expect(data.x).toEqual(expected.x);
      expect(data.labels).toEqual(expected.labels);
    }
  });

  it('accepts quoted fields, doubled quotes in names and whitespace around numbers', () => {
    const data = parse('"x0", "x1" ,"label"\n"1.5", 2 ,"0"\n  -3e2\t,"4.25",1\n');
    expect([...data.x]).toEqual([1.5, 2, -300, 4.25]);
    expect([...data.labels!]).toEqual([0, 1]);
    expect(errorOf('"x""0",label\n1,0\n')).toContain('unknown column "x\\"0"');
  });

  it('parses numbers exactly like Number() in every notation', () => {
    const cells = [
      '0',
      '-0',
      '.5',
      '5.',
      '1e3',
      '1E-3',
      '+7',
      '0.1',
      '123456789012345678',
      '1.7976931348623157e308',
    ];
    const data = parse(`${cells.map((_, i) => `x${i}`).join(',')}\n${cells.join(',')}\n`);
    expect([...data.x]).toEqual(cells.map(Number));
    expect(Object.is(data.x[1], -0)).toBe(true);
  });

  it('accepts NaN and Inf spellings only with allowNonFinite', () => {
    const data = parse('x0,x1,x2,x3\nnan,-inf,Infinity,NaN\n', { dtype: 'f32', allowNonFinite: true });
    expect([...data.x]).toEqual([Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN]);
  });

  it('accepts a label written as a float with no fraction', () => {
    expect([...parse('x0,label\n1,2.0\n').labels!]).toEqual([2]);
  });
});

describe('parseCsvText: errors name the row, line and column', () => {
  it('rejects an empty file and a file with no data rows', () => {
    expect(errorOf('')).toContain('file is empty');
    expect(errorOf('\uFEFF\n\n')).toContain('file is empty');
    expect(errorOf('x0,label\n')).toContain('no data rows');
  });

  it('rejects a missing header row', () => {
    expect(errorOf('1,2,3\n4,5,6\n')).toBe(
      'data.csv: line 1 (header): no header row (line 1 holds numbers); the first line must name the columns, ' +
        'expected x0..x{D-1} and optionally label or y0..y{O-1}',
    );
  });

  it('rejects headers without x columns, with gaps, unknown, duplicate or conflicting columns', () => {
    expect(errorOf('label\n1\n')).toContain('no feature columns');
    expect(errorOf('x0,x2,label\n1,2,0\n')).toContain(
      'x columns must be numbered x0..x1 without gaps; found x2 but not x1',
    );
    expect(errorOf('x0,y1\n1,2\n')).toContain('found y1 but not y0');
    expect(errorOf('x0,weight,id,label\n1,2,3,0\n')).toContain('unknown columns "weight", "id"');
    expect(errorOf('x0,,label\n1,2,0\n')).toContain('unknown column (unnamed column 2)');
    expect(errorOf('x0,x1,x0\n1,2,3\n')).toContain('duplicate column "x0" (columns 1 and 3)');
    expect(errorOf('x0,label,y0\n1,0,1\n')).toContain('both a label column and y columns');
  });

  it('rejects ragged rows', () => {
    expect(errorOf('x0,x1,x2,x3,label\n1,2,3,4,0\n1,2,3,0\n')).toBe(
      'data.csv: row 2 (line 3): expected 5 cells, found 4',
    );
    expect(errorOf('x0,label\n1,0,7\n')).toContain('row 1 (line 2): expected 2 cells, found 3');
    expect(errorOf('x0,label\n"1",0,7\n')).toContain('row 1 (line 2): expected 2 cells, found 3');
  });

  it('rejects non-numeric and empty cells', () => {
    expect(errorOf('x0,x1,label\n1,2,0\n3,abc,1\n')).toBe(
      'data.csv: row 2 (line 3), column x1: cell "abc" is not a number',
    );
    expect(errorOf('x0,x1\n1,\n')).toBe('data.csv: row 1 (line 2), column x1: empty cell');
    expect(errorOf('x0,x1\n1,"  "\n')).toContain('column x1: empty cell');
    expect(errorOf('x0\n0x10\n')).toContain('cell "0x10" is not a number');
    expect(errorOf('x0\n1,5\n')).toContain('expected 1 cells, found 2');
    expect(errorOf('x0\n1e400\n')).toContain('cell "1e400" is too large for a 64-bit float');
    expect(errorOf('x0\n1e39\n', { dtype: 'f32' })).toContain('cell "1e39" is outside the float32 range');
  });

  it('rejects NaN and Inf by default, naming the opt-in', () => {
    const message = errorOf('x0,y0\n1,2\n3,nan\n');
    expect(message).toContain('row 2 (line 3), column y0: cell "nan" is not finite');
    expect(message).toContain('allowNonFinite');
    expect(errorOf('x0\n-Infinity\n')).toContain('cell "-Infinity" is not finite');
  });

  it('rejects bad labels', () => {
    expect(errorOf('x0,label\n1,1.5\n')).toBe(
      'data.csv: row 1 (line 2), column label: label "1.5" is not a non-negative integer',
    );
    expect(errorOf('x0,label\n1,-1\n')).toContain('label "-1" is not a non-negative integer');
    // A name such as "cat" is a class name (csv-read-columns.test.ts); NaN is neither.
    expect(errorOf('x0,label\n1,nan\n', { dtype: 'f64', allowNonFinite: true })).toContain('label "nan"');
    expect(errorOf('x0,label\n1,\n')).toContain('column label: empty cell');
    expect(errorOf('x0,label\n1,0\n2,3\n', { dtype: 'f64', classes: 3 })).toBe(
      'data.csv: row 2 (line 3), column label: label "3" is out of range 0..2 for 3 classes',
    );
  });

  it('rejects malformed quotes and blank lines inside the data', () => {
    expect(errorOf('x0,x1\n"1,2\n')).toContain(
      'row 1 (line 2): cell 1 opens a quote that does not close on this line; a cell cannot hold a line break',
    );
    expect(errorOf('x0,x1\n"1"x,2\n')).toContain('unexpected text after the closing quote of cell 1');
    expect(errorOf('x0,x1\n1,2"\n')).toContain('stray quote inside unquoted cell 2');
    expect(errorOf('x0\n1\n\n2\n')).toContain('line 3: blank line before more content');
    expect(errorOf('\nx0\n1\n')).toContain('line 1: blank line before more content');
  });

  it('rejects bad options as UsageErrors', () => {
    expect(() => parse('x0\n1\n', { dtype: 'f16' as 'f32' })).toThrow(UsageError);
    expect(() => parse('x0\n1\n', { dtype: 'f32', classes: 0 })).toThrow(UsageError);
    expect(() => parse('x0\n1\n', { dtype: 'f32', classes: 2.5 })).toThrow(UsageError);
  });
});
