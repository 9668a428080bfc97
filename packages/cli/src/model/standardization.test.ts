import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { applyStandardization, fitStandardization, standardizedCopy } from './standardization.js';

describe('fitStandardization', () => {
  it('gives the mean and population standard deviation (ddof 0) of each column', () => {
    // Column 0: 1, 2, 3, 6 → mean 3, deviations −2, −1, 0, 3, mean square (4+1+0+9)/4 = 3.5.
    // Column 1: −4, 0, 4, 8 → mean 2, deviations −6, −2, 2, 6, mean square (36+4+4+36)/4 = 20.
    const x = Float64Array.from([1, -4, 2, 0, 3, 4, 6, 8]);
    const s = fitStandardization(x, 4, 2, 'f64');
    expect([...s.mean]).toEqual([3, 2]);
    expect([...s.scale]).toEqual([Math.sqrt(3.5), Math.sqrt(20)]);
    expect(s.rows).toBe(4);
  });

  it('uses only the rows it is given (a prefix of a longer buffer)', () => {
    const x = Float64Array.from([1, 3, 1000]);
    const s = fitStandardization(x, 2, 1, 'f64');
    expect(s.mean[0]).toBe(2);
    expect(s.scale[0]).toBe(1);
  });

  it('gives a constant column scale 1, also when its mean is not exact in floating point', () => {
    // 0.1 three times: the float64 mean is not exactly 0.1, so the variance comes out tiny, not 0;
    // scikit-learn's constant-feature test still counts it as constant.
    const x = Float64Array.from([0.1, 5, 0.1, 5, 0.1, 5]);
    const s = fitStandardization(x, 3, 2, 'f64');
    expect([...s.scale]).toEqual([1, 1]);
    expect(s.mean[1]).toBe(5);
    const out = new Float64Array(6);
    applyStandardization(s, x, out);
    for (const value of out) expect(Math.abs(value)).toBeLessThan(1e-15);
  });

  it('computes in float64 and rounds once to f32', () => {
    const rows = [16777216, 16777218, 16777220]; // 2^24 + 0, 2, 4: exact in f32
    const s = fitStandardization(Float32Array.from(rows), 3, 1, 'f32');
    expect(s.mean).toBeInstanceOf(Float32Array);
    expect(s.mean[0]).toBe(16777218);
    expect(s.scale[0]).toBe(Math.fround(Math.sqrt(8 / 3)));
  });

  it('refuses a column with a non-finite value as a DataError naming it', () => {
    const x = Float64Array.from([1, 2, Number.NaN, 3]);
    expect(() => fitStandardization(x, 2, 2, 'f64')).toThrow(DataError);
    expect(() => fitStandardization(x, 2, 2, 'f64')).toThrow(/feature 0/);
  });
});

describe('applyStandardization', () => {
  const s = { mean: Float64Array.from([3, 2]), scale: Float64Array.from([2, 4]), rows: 4 };

  it('maps x to (x − mean) / scale in place', () => {
    const x = Float64Array.from([5, 2, 1, 10]);
    applyStandardization(s, x);
    expect([...x]).toEqual([1, 0, -1, 2]);
  });

  it('standardizedCopy leaves the caller`s array alone, also when it already has the dtype', () => {
    const x = Float64Array.from([5, 2]);
    const out = standardizedCopy(s, x, 'f64', 'x');
    expect([...out]).toEqual([1, 0]);
    expect([...x]).toEqual([5, 2]);
    expect([...standardizedCopy(s, [5, 2], 'f32', 'x')]).toEqual([1, 0]);
    expect(() => standardizedCopy(s, [5, Number.NaN], 'f64', 'x')).toThrow(/row 0, column 1/);
  });
});
