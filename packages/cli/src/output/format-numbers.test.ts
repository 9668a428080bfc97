import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatMetric, formatRate } from './format-numbers.js';

describe('number formats', () => {
  it('show metrics with four decimals, and non-finite values plainly', () => {
    expect(formatMetric(0.41234)).toBe('0.4123');
    expect(formatMetric(1)).toBe('1.0000');
    expect(formatMetric(Number.NaN)).toBe('nan');
    expect(formatMetric(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(formatMetric(1.5e7)).toBe('1.500e+7');
  });

  it('show rates as whole numbers unless tiny', () => {
    expect(formatRate(1234.4)).toBe('1234');
    expect(formatRate(3.14)).toBe('3.1');
    expect(formatRate(Number.NaN)).toBe('-');
  });

  it('show durations at a useful resolution', () => {
    expect(formatDuration(0.4123)).toBe('0.41s');
    expect(formatDuration(12.34)).toBe('12.3s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(-1)).toBe('-');
  });

  it('group thousands in counts', () => {
    expect(formatCount(4547)).toBe('4,547');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
  });
});
