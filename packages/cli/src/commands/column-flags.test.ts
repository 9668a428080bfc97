import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseColumnList, parseColumnName } from './flag-parsers.js';
import { trainOptionsFromArgv } from './train-options-from-argv.js';

describe('column flags of train', () => {
  it('become the library options, lists split at commas', () => {
    const options = trainOptionsFromArgv({
      data: 'rows.csv',
      labelColumn: ' species ',
      featureColumns: 'f1:f20, extra',
      ignoreColumns: 'id',
    });
    expect(options).toMatchObject({
      labelColumn: 'species',
      featureColumns: ['f1:f20', 'extra'],
      ignoreColumns: ['id'],
    });
    expect(trainOptionsFromArgv({ data: 'rows.csv', targetColumns: 'a,b' }).targetColumns).toEqual([
      'a',
      'b',
    ]);
  });

  it('refuse an empty entry, and conflicting flags, naming them', () => {
    expect(() => parseColumnList('feature-columns', 'f1,,f2')).toThrow(
      new UsageError(
        '--feature-columns must be a comma-separated list of columns, without empty entries, got f1,,f2',
      ),
    );
    expect(() => parseColumnName('label-column', ' ')).toThrow('--label-column must be a column name');
    expect(() => trainOptionsFromArgv({ data: 'r.csv', labelColumn: 'a', targetColumns: 'b' })).toThrow(
      '--label-column and --target-columns cannot be used together',
    );
    expect(() => trainOptionsFromArgv({ dataset: 'moons', ignoreColumns: 'id' })).toThrow(
      '--ignore-columns chooses columns of a --data CSV file, not of a --dataset',
    );
  });
});
