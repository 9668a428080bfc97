import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { trainOptionsFromArgv } from './train-options-from-argv.js';

describe('--val-data, --standardize', () => {
  it('pass through as valData and standardize, and --val-data drops the --val-split default', () => {
    const options = trainOptionsFromArgv({ data: 'rows.csv', valData: 'val.csv', standardize: true });
    expect(options).toMatchObject({ data: 'rows.csv', valData: 'val.csv', standardize: true });
    expect(options.valSplit).toBeUndefined();
    expect(trainOptionsFromArgv({}).standardize).toBeUndefined();
  });

  it('refuses --val-data together with --val-split in one line', () => {
    const run = () => trainOptionsFromArgv({ data: 'rows.csv', valData: 'val.csv', valSplit: '0.2' });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(
      '--val-data and --val-split cannot be used together: give one source of validation rows',
    );
  });

  it('refuses an empty --val-data path', () => {
    expect(() => trainOptionsFromArgv({ valData: ' ' })).toThrow(/--val-data/);
  });
});
