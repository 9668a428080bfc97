import { describe, expect, it } from 'vitest';
import { classifyCell, parsePlainNumber, scanDecimal } from './csv-number.js';

/** A deterministic stream of pseudo-random numbers in [0, 1). */
function* uniform(seed: number): Generator<number> {
  let state = seed >>> 0;
  for (;;) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    yield state / 2 ** 32;
  }
}

function sampleNumberTexts(count: number): string[] {
  const random = uniform(42);
  const next = () => random.next().value as number;
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const magnitude = 10 ** Math.floor(next() * 40 - 20);
    const value = (next() - 0.5) * magnitude;
    const digits = 1 + Math.floor(next() * 17);
    texts.push(
      String(value),
      value.toPrecision(digits),
      value.toExponential(digits - 1),
      value.toFixed(Math.min(20, digits)),
    );
  }
  return texts;
}

describe('scanDecimal', () => {
  it('agrees with Number() wherever it gives a value', () => {
    let fastPathHits = 0;
    for (const text of sampleNumberTexts(20_000)) {
      const value = scanDecimal(text, 0, text.length);
      if (Number.isNaN(value)) continue;
      fastPathHits += 1;
      expect(Object.is(value, Number(text)), text).toBe(true);
    }
    expect(fastPathHits).toBeGreaterThan(20_000);
  });

  it('reads a cell in place inside a longer line', () => {
    const line = '1.25,-3e2,7';
    expect(scanDecimal(line, 0, 4)).toBe(1.25);
    expect(scanDecimal(line, 5, 9)).toBe(-300);
    expect(scanDecimal(line, 10, 11)).toBe(7);
  });

  it('leaves unusual text to the slow path', () => {
    for (const text of [
      '',
      '-',
      '.',
      'e5',
      '1e',
      '1.5.2',
      ' 1',
      '1 ',
      '0x10',
      '1234567890123456',
      '1e23',
      'nan',
    ]) {
      expect(scanDecimal(text, 0, text.length), text).toBeNaN();
    }
  });
});

describe('parsePlainNumber and classifyCell', () => {
  it('accepts decimals with surrounding whitespace', () => {
    expect(parsePlainNumber(' 1.5 ')).toBe(1.5);
    expect(parsePlainNumber('\t-2e-3')).toBe(-0.002);
  });

  it('rejects what Number() would wrongly accept, and says why', () => {
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      ['   ', 'empty'],
      ['0x1A', 'not-a-number'],
      [' 0b11', 'not-a-number'],
      ['0o7', 'not-a-number'],
      ['Infinity', 'non-finite'],
      ['-inf', 'non-finite'],
      ['NaN', 'non-finite'],
      ['1e999', 'overflow'],
      ['1,5', 'not-a-number'],
    ];
    for (const [text, kind] of cases) {
      expect(parsePlainNumber(text), text).toBeNaN();
      expect(classifyCell(text).kind, text).toBe(kind);
    }
  });
});
