import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../errors.js';
import { MAX_CLASS_NAME_CHARS, MAX_CLASS_NAMES } from './class-names.js';
import { type CsvReadOptions, parseCsvText } from './csv-reader.js';

const F64: CsvReadOptions = { dtype: 'f64' };
const IRIS = 'id,f1,f2,species\na7,1,2,dog\nb8,3,4,cat\nc9,5,6,dog\nd0,7,8,bird\n';

function parse(text: string, options: Partial<CsvReadOptions> = {}) {
  return parseCsvText(text, 'data.csv', { ...F64, ...options });
}

/** The one-line error of kind `kind` that reading `text` throws. */
function errorOf(
  text: string,
  options: Partial<CsvReadOptions>,
  kind: typeof DataError | typeof UsageError = DataError,
) {
  try {
    parse(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('reading a CSV through column options', () => {
  it('reads named features in the order chosen, skipping an id column that is not numeric', () => {
    const data = parse(IRIS, {
      columns: { labelColumn: 'species', featureColumns: ['f2', 'f1'], ignoreColumns: ['id'] },
    });
    expect(data.features).toBe(2);
    expect([...data.x]).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
    expect(data.columns).toEqual({ features: ['f2', 'f1'], label: 'species', targets: [] });
  });

  it('numbers class names in sorted order and records them', () => {
    const data = parse(IRIS, { columns: { labelColumn: 'species', ignoreColumns: ['id'] } });
    expect(data.classNames).toEqual(['bird', 'cat', 'dog']);
    expect([...data.labels!]).toEqual([2, 1, 2, 0]);
    expect(data.classes).toBe(3);
    expect(data.outputs).toBe(3);
  });

  it('keeps integer labels as class indices, with no names', () => {
    const data = parse('a,b,kind\n1,2,1\n3,4,0\n', { columns: { labelColumn: 'kind' } });
    expect(data.classNames).toBeNull();
    expect([...data.labels!]).toEqual([1, 0]);
  });

  it('learns names from the conventional label column too', () => {
    const data = parse('x0,label\n1, cat\n2,ant\n');
    expect(data.classNames).toEqual(['ant', 'cat']);
    expect(data.columns).toBeNull();
  });

  it('reads regression targets by name', () => {
    const data = parse('id,a,b,t1,t2\n1,2,3,4,5\n', {
      columns: { targetColumns: ['t2', 't1'], ignoreColumns: ['id'] },
    });
    expect([...data.targets!]).toEqual([5, 4]);
    expect([...data.x]).toEqual([2, 3]);
    expect(data.labels).toBeNull();
  });

  it('names the option, the file and the unknown column in a UsageError', () => {
    expect(errorOf(IRIS, { columns: { labelColumn: 'specis' } }, UsageError)).toBe(
      'data.csv: labelColumn: no column specis in the header; did you mean species?',
    );
    const flag = errorOf(
      IRIS,
      { columns: { labelColumn: 'species', featureColumns: ['f3'] }, columnOptionName: (key) => `--${key}` },
      UsageError,
    );
    expect(flag).toContain('--featureColumns: no column f3');
  });

  it('refuses a non-numeric feature cell, naming its column', () => {
    expect(errorOf(IRIS, { columns: { labelColumn: 'species' } })).toBe(
      'data.csv: row 1 (line 2), column id: cell "a7" is not a number',
    );
  });

  it('refuses a mix of class indices and names, naming both lines', () => {
    expect(errorOf('x0,label\n1,cat\n2,1\n', {})).toBe(
      `data.csv: row 2 (line 3), column label: label "1" is a class index, but line 2's label is a name; use names for every class or class indices for every class`,
    );
    expect(errorOf('x0,label\n1,0\n2,dog\n', {})).toContain(
      `label "dog" is a name, but line 2's label is a class index`,
    );
  });

  it('refuses overlong class names and too many of them', () => {
    const long = 'n'.repeat(MAX_CLASS_NAME_CHARS + 1);
    expect(errorOf(`x0,label\n1,${long}\n`, {})).toContain(
      `is longer than ${MAX_CLASS_NAME_CHARS} characters`,
    );
    let text = 'x0,label\n';
    for (let i = 0; i <= MAX_CLASS_NAMES; i++) text += `1,c${i}\n`;
    expect(errorOf(text, {})).toBe(
      `data.csv: row ${MAX_CLASS_NAMES + 1} (line ${MAX_CLASS_NAMES + 2}), column label: label "c${MAX_CLASS_NAMES}" would be class ${MAX_CLASS_NAMES + 1}; at most ${MAX_CLASS_NAMES} class names are supported`,
    );
  });

  it('refuses class names when a class count is fixed', () => {
    expect(errorOf('x0,label\n1,cat\n', { classes: 3 })).toContain(
      'holds 1 class names, but 3 classes are expected',
    );
  });
});

describe('reading a CSV for a model (saved columns and class names)', () => {
  const mapping = { features: ['f1', 'f2'], label: 'species', targets: [] };

  it('looks labels up in the known class names and finds columns by name in any order', () => {
    const data = parse('species,f2,id,f1\ncat,2,x,1\nbird,4,y,3\n', {
      mapping,
      classNames: ['cat', 'bird'],
    });
    expect([...data.x]).toEqual([1, 2, 3, 4]);
    expect([...data.labels!]).toEqual([0, 1]);
    expect(data.classNames).toEqual(['cat', 'bird']);
  });

  it('names the file, line and label of a class the model does not know', () => {
    expect(errorOf('f1,f2,species\n1,2,cat\n3,4,cow\n', { mapping, classNames: ['cat', 'bird'] })).toBe(
      `data.csv: row 2 (line 3), column species: label "cow" is not one of the model's 2 classes ("cat", "bird")`,
    );
    // An index is no name: a model trained on names refuses it too.
    expect(errorOf('f1,f2,species\n1,2,0\n', { mapping, classNames: ['cat', 'bird'] })).toContain(
      'label "0" is not one',
    );
  });

  it('reads features only when outputs are not wanted, passing kept columns through', () => {
    const data = parse('id,f2,f1\n"a,1",2,1\nb2,4,3\n', { mapping, readOutputs: false, keepColumns: ['id'] });
    expect([...data.x]).toEqual([1, 2, 3, 4]);
    expect(data.labels).toBeNull();
    expect(data.kept).toEqual({ names: ['id'], values: ['a,1', 'b2'] });
  });

  it('sets kept columns aside before the conventional header is checked', () => {
    const data = parse('id,x0,label\nr1,1,0\nr2,2,1\n', { keepColumns: ['id'] });
    expect(data.kept?.values).toEqual(['r1', 'r2']);
    expect([...data.x]).toEqual([1, 2]);
    expect(errorOf('id,x0\n1,2\n', { keepColumns: ['ID'] }, UsageError)).toBe(
      'data.csv: --keep-columns: no column ID in the header',
    );
  });

  it('under the convention, reads past unknown columns only when asked (predict)', () => {
    const data = parse('id,x1,note,x0\n7,2,hi,1\n', { readOutputs: false, ignoreOtherColumns: true });
    expect([...data.x]).toEqual([1, 2]);
    expect(errorOf('id,x0\n7,1\n', {})).toContain('unknown column "id"');
    expect(errorOf('SECRET,TEXT\n1,2\n', { readOutputs: false, ignoreOtherColumns: true })).toContain(
      'names none of the expected columns',
    );
  });
});
