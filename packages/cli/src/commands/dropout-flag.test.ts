// --dropout's text: one rate for every hidden layer, or a comma-separated rate per hidden layer,
// each in [0, 1); anything else is a one-line usage error naming the flag and quoting the value.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { parseDropout } from './flag-parsers.js';
import { trainOptionsFromArgv } from './train-options-from-argv.js';

describe('--dropout', () => {
  it('reads one rate, or one per hidden layer', () => {
    expect(parseDropout('dropout', '0.2')).toBe(0.2);
    expect(parseDropout('dropout', '0')).toBe(0);
    expect(parseDropout('dropout', '0.5, 0.1,0')).toEqual([0.5, 0.1, 0]);
    expect(trainOptionsFromArgv({ dropout: '0.3,0.2' }).dropout).toEqual([0.3, 0.2]);
    expect(trainOptionsFromArgv({ resume: 'm.safetensors' }).dropout).toBeUndefined();
  });

  it.each(['1', '-0.1', '0.2,,0.1', '0.2,1', 'abc', '', 'NaN'])('refuses %j', (text) => {
    const call = () => parseDropout('dropout', text);
    expect(call).toThrow(UsageError);
    expect(call).toThrow(/^--dropout must be a drop probability from 0 up to \(not including\) 1/);
  });
});
