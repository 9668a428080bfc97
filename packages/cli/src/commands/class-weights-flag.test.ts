// --class-weights as typed: `balanced` or comma-separated weights ≥ 0, anything else a UsageError
// naming the flag and quoting the value.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { trainOptionsFromArgv } from './train-options-from-argv.js';

describe('--class-weights', () => {
  it('takes balanced or comma-separated weights', () => {
    expect(trainOptionsFromArgv({ classWeights: 'balanced' }).classWeights).toBe('balanced');
    expect(trainOptionsFromArgv({ classWeights: '1, 2.5,0' }).classWeights).toEqual([1, 2.5, 0]);
    expect(trainOptionsFromArgv({}).classWeights).toBeUndefined();
  });

  it.each(['1,-2', 'heavy', 'Balanced', '1,,2', '0,0', 'nan,1', 'Infinity,1', ''])('refuses %j', (bad) => {
    const attempt = () => trainOptionsFromArgv({ classWeights: bad });
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(
      /^--class-weights must be balanced or comma-separated class weights >= 0, not all 0/,
    );
  });
});
