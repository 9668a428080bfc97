import { describe, expect, it } from 'vitest';
import { CheckpointError, DataError, UsageError } from '../errors.js';
import { formatErrorReport, isDebugEnabled } from './error-report.js';

describe('formatErrorReport', () => {
  it('prints a user error as one line', () => {
    expect(formatErrorReport(new DataError('rows.csv: file not found'), false)).toBe(
      'shardwise: rows.csv: file not found\n',
    );
  });

  it('adds the hint as a second line', () => {
    expect(
      formatErrorReport(new UsageError('--lr must be a positive number, got -1', 'try 0.01'), false),
    ).toBe('shardwise: --lr must be a positive number, got -1\nhint: try 0.01\n');
  });

  it('keeps multi-line messages on one line', () => {
    expect(formatErrorReport(new CheckpointError('bad\n  file'), false)).toBe('shardwise: bad file\n');
  });

  it('marks anything else as an internal error, with the stack only when debugging', () => {
    const error = new TypeError('x is undefined');
    expect(formatErrorReport(error, false)).toBe('shardwise: internal error: x is undefined\n');
    const debug = formatErrorReport(error, true);
    expect(debug.startsWith('shardwise: internal error: x is undefined\n')).toBe(true);
    expect(debug).toContain('TypeError: x is undefined\n    at ');
    expect(formatErrorReport('boom', false)).toBe('shardwise: internal error: boom\n');
  });

  it('shows causes when debugging', () => {
    const error = new DataError('cannot read', { cause: new Error('EIO') });
    expect(formatErrorReport(error, true)).toContain('caused by: EIO');
  });

  it('is enabled by SHARDWISE_DEBUG=1 only', () => {
    expect(isDebugEnabled({ SHARDWISE_DEBUG: '1' })).toBe(true);
    expect(isDebugEnabled({ SHARDWISE_DEBUG: '0' })).toBe(false);
    expect(isDebugEnabled({})).toBe(false);
  });
});
