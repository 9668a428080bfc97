import { describe, expect, it } from 'vitest';
import {
  type ColumnOption,
  type ColumnSelection,
  chooseColumns,
  columnsOfMapping,
  mappingOf,
} from './column-selection.js';

const HEADER = ['id', 'f1', 'f2', 'f3', 'f4', 'species'];

/** The columns chosen, as names, or the failure as `option: detail`. */
function choose(selection: ColumnSelection, names: readonly string[] = HEADER) {
  try {
    return mappingOf(
      names,
      chooseColumns(names, selection, (detail: string, option?: ColumnOption): never => {
        throw new Error(`${option ?? '-'}: ${detail}`);
      }),
    );
  } catch (error) {
    return (error as Error).message;
  }
}

describe('chooseColumns: names and ranges', () => {
  it('takes every other column as a feature when only the label is named', () => {
    expect(choose({ labelColumn: 'species', ignoreColumns: ['id'] })).toEqual({
      features: ['f1', 'f2', 'f3', 'f4'],
      label: 'species',
      targets: [],
    });
    // Without ignoring it, id is a feature like any other column.
    expect(choose({ labelColumn: 'species' })).toMatchObject({ features: ['id', 'f1', 'f2', 'f3', 'f4'] });
  });

  it('reads first:last as an inclusive range in header order', () => {
    expect(choose({ labelColumn: 'species', featureColumns: ['f2:f4'] })).toMatchObject({
      features: ['f2', 'f3', 'f4'],
    });
    expect(choose({ labelColumn: 'species', featureColumns: ['f3:f3'] })).toMatchObject({ features: ['f3'] });
  });

  it('reads bare numbers as 1-based column positions, alone or as range ends', () => {
    expect(choose({ labelColumn: '6', featureColumns: ['2:4'] })).toEqual({
      features: ['f1', 'f2', 'f3'],
      label: 'species',
      targets: [],
    });
    expect(choose({ labelColumn: 'species', featureColumns: ['f1:5'] })).toMatchObject({
      features: ['f1', 'f2', 'f3', 'f4'],
    });
    expect(choose({ labelColumn: 'species', featureColumns: ['7'] })).toBe(
      'featureColumns: no column 7 in the header',
    );
  });

  it('prefers a name over a position, and a whole name holding a colon over a range', () => {
    const names = ['2', 'a', 'b:c', 'b', 'c', 'label'];
    expect(choose({ featureColumns: ['2'] }, names)).toMatchObject({ features: ['2'], label: 'label' });
    expect(choose({ featureColumns: ['b:c'] }, names)).toMatchObject({ features: ['b:c'] });
    expect(choose({ featureColumns: ['a:b'] }, names)).toMatchObject({ features: ['a', 'b:c', 'b'] });
  });

  it('keeps the order the features are listed in', () => {
    expect(choose({ labelColumn: 'species', featureColumns: ['f3', 'f1'] })).toMatchObject({
      features: ['f3', 'f1'],
    });
  });

  it('takes target columns in the order given', () => {
    expect(choose({ targetColumns: ['f4', 'f3'], ignoreColumns: ['id', 'species'] })).toEqual({
      features: ['f1', 'f2'],
      label: null,
      targets: ['f4', 'f3'],
    });
  });

  it('falls back to a label column, else to y0, y1, … when no target option is given', () => {
    expect(choose({ ignoreColumns: ['id'] }, ['id', 'x0', 'label'])).toEqual({
      features: ['x0'],
      label: 'label',
      targets: [],
    });
    expect(choose({ ignoreColumns: ['id'] }, ['id', 'a', 'y1', 'y0'])).toEqual({
      features: ['a'],
      label: null,
      targets: ['y0', 'y1'],
    });
  });
});

describe('chooseColumns: errors name the option and the column', () => {
  it('suggests the closest header name for an unknown one', () => {
    expect(choose({ labelColumn: 'specis' })).toBe(
      'labelColumn: no column specis in the header; did you mean species?',
    );
    expect(choose({ labelColumn: 'species', ignoreColumns: ['ID'] })).toBe(
      'ignoreColumns: no column ID in the header; did you mean id?',
    );
    expect(choose({ labelColumn: 'species', featureColumns: ['f1:f9'] })).toBe(
      'featureColumns: no column f9 in the header; did you mean f1?',
    );
  });

  it('refuses a range that runs backwards', () => {
    expect(choose({ labelColumn: 'species', featureColumns: ['f3:f1'] })).toBe(
      'featureColumns: range f3:f1 runs backwards (f3 comes after f1)',
    );
  });

  it('refuses overlapping roles', () => {
    expect(choose({ labelColumn: 'species', featureColumns: ['f1', 'species'] })).toBe(
      'featureColumns: species is the label column, not a feature',
    );
    expect(choose({ labelColumn: 'species', featureColumns: ['f1'], ignoreColumns: ['f1'] })).toBe(
      'featureColumns: f1 is also in the ignored columns',
    );
    expect(choose({ labelColumn: 'species', ignoreColumns: ['species'] })).toBe(
      'ignoreColumns: species is both ignored and the label column',
    );
    expect(choose({ labelColumn: 'species', targetColumns: ['f1'] })).toContain(
      'targetColumns: give a label',
    );
  });

  it('refuses a column named twice and an empty feature set', () => {
    expect(choose({ labelColumn: 'species', featureColumns: ['f1:f3', 'f2'] })).toBe(
      'featureColumns: names column f2 twice',
    );
    expect(choose({ labelColumn: 'species', ignoreColumns: ['id:f4'] })).toBe(
      '-: leave no feature columns (every column is the label, a target or ignored)',
    );
    expect(choose({ labelColumn: 'species', featureColumns: [' '] })).toBe(
      'featureColumns: has an empty column name',
    );
  });
});

describe('columnsOfMapping', () => {
  const mapping = { features: ['f1', 'f2', 'f3'], label: 'species', targets: [] };
  const fail = (detail: string): never => {
    throw new Error(detail);
  };

  it('finds the saved columns by name in a header of another order', () => {
    const names = ['f3', 'species', 'id', 'f1', 'f2'];
    expect(columnsOfMapping(names, mapping, true, fail)).toEqual({
      features: [3, 4, 0],
      label: 1,
      targets: [],
    });
    // Without outputs (predict) the label column is not needed.
    expect(columnsOfMapping(['f2', 'f1', 'f3'], mapping, false, fail)).toEqual({
      features: [1, 0, 2],
      label: -1,
      targets: [],
    });
  });

  it('names a missing column without quoting the header', () => {
    expect(() => columnsOfMapping(['f1', 'f3', 'species'], mapping, true, fail)).toThrow(
      'no column f2 (a feature of the model)',
    );
    expect(() => columnsOfMapping(['f1', 'f2', 'f3'], mapping, true, fail)).toThrow(
      'no column species (a label column of the model)',
    );
    expect(() => columnsOfMapping(['root:x:0:0', 'secret'], mapping, false, fail)).toThrow(
      /^names none of the model's feature columns/,
    );
  });
});
