import { describe, expect, it } from 'vitest';
import {
  parseChoice,
  parseFraction,
  parseHiddenSizes,
  parseNonNegativeInteger,
  parsePositiveNumber,
  parseSwitch,
  parseWorkers,
  showRaw,
} from './flag-parsers.js';

describe('flag parsers', () => {
  it('quote only values that would otherwise be invisible', () => {
    expect(showRaw('abc')).toBe('abc');
    expect(showRaw('')).toBe('""');
    expect(showRaw('1 2')).toBe('"1 2"');
    expect(showRaw(-1)).toBe('-1');
  });

  it('parse numbers strictly (no empty text, no trailing junk)', () => {
    expect(parsePositiveNumber('lr', ' 0.5 ')).toBe(0.5);
    expect(() => parsePositiveNumber('lr', '')).toThrow('--lr must be a positive number, got ""');
    expect(() => parsePositiveNumber('lr', '1x')).toThrow('got 1x');
    expect(() => parsePositiveNumber('lr', 'Infinity')).toThrow('--lr');
    expect(() => parseNonNegativeInteger('epochs', '1e400')).toThrow('--epochs');
  });

  it('keep fractions in [0, 1)', () => {
    expect(parseFraction('val-split', '0')).toBe(0);
    expect(parseFraction('val-split', '0.99')).toBe(0.99);
    expect(() => parseFraction('val-split', '1')).toThrow('--val-split');
  });

  it('parse layer widths', () => {
    expect(parseHiddenSizes('hidden', '64,64')).toEqual([64, 64]);
    expect(parseHiddenSizes('hidden', ' 8 ')).toEqual([8]);
    expect(parseHiddenSizes('hidden', 'NONE')).toEqual([]);
    for (const bad of ['abc', '0', '-3', '64,', ',64', '6.5', '']) {
      expect(() => parseHiddenSizes('hidden', bad)).toThrow('--hidden');
    }
  });

  it('parse workers as auto or a count', () => {
    expect(parseWorkers('workers', 'auto')).toBe('auto');
    expect(parseWorkers('workers', '3')).toBe(3);
    expect(() => parseWorkers('workers', '0')).toThrow('--workers must be a positive integer or auto, got 0');
  });

  it('parse choices and switches', () => {
    expect(parseChoice('dtype', 'f64', ['f32', 'f64'])).toBe('f64');
    expect(() => parseChoice('dtype', 'F64', ['f32', 'f64'])).toThrow(
      '--dtype must be one of f32, f64, got F64',
    );
    expect(parseSwitch('shuffle', false)).toBe(false);
    expect(parseSwitch('shuffle', 'true')).toBe(true);
    expect(() => parseSwitch('shuffle', 'yes')).toThrow('--shuffle');
  });
});
