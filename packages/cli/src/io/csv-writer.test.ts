import { describe, expect, it } from 'vitest';
import { parseCsvText } from './csv-reader.js';
import { formatCsvRow, formatFloat32 } from './csv-writer.js';

function randomFloat32s(count: number): Float32Array {
  const bits = new Uint32Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bits[i] = state;
  }
  // Reinterpret random bit patterns: covers every exponent, subnormals included; drop NaN/Inf.
  return new Float32Array(bits.buffer).filter(Number.isFinite);
}

describe('formatFloat32', () => {
  it('writes the shortest text that reads back to the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(1 / 3))).toBe('0.33333334');
    expect(formatFloat32(Math.fround(16777217))).toBe('16777216');
    expect(formatFloat32(Math.fround(3.4028234663852886e38))).toBe('3.4028235e+38');
    expect(formatFloat32(-0)).toBe('0');
    expect(formatFloat32(Number.NaN)).toBe('NaN');
  });

  it('round-trips random float32 values, never using more than 9 digits', () => {
    for (const value of randomFloat32s(50_000)) {
      const text = formatFloat32(value);
      expect(Math.fround(Number(text))).toBe(value);
      const significant = text
        .replace(/e.*$/, '')
        .replace(/[-.]/g, '')
        .replace(/^0+|0+$/g, '');
      expect(significant.length).toBeLessThanOrEqual(9);
    }
  });
});

describe('formatCsvRow', () => {
  it('writes float64 values at full precision', () => {
    expect(formatCsvRow(new Float64Array([0.1, 1 / 3, -2, 1e-300]))).toBe('0.1,0.3333333333333333,-2,1e-300');
    expect(formatCsvRow([1, 2.5])).toBe('1,2.5');
    expect(formatCsvRow([])).toBe('');
  });

  it('writes float32 rows that the CSV reader reads back bit for bit', () => {
    const values = randomFloat32s(4_000);
    const width = 8;
    const rows = Math.floor(values.length / width);
    const header = Array.from({ length: width }, (_, j) => `x${j}`).join(',');
    const lines = [header];
    for (let row = 0; row < rows; row++)
      lines.push(formatCsvRow(values.subarray(row * width, (row + 1) * width)));
    const data = parseCsvText(lines.join('\n'), 'predictions.csv', { dtype: 'f32' });
    expect(data.x).toEqual(values.slice(0, rows * width));
  });
});
