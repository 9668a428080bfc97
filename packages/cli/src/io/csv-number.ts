/**
 * Number parsing for CSV cells. `Number()` does the decimal conversion (correctly rounded),
 * but it also accepts things a data file should not contain (`""` as 0, `0x10`, `Infinity`),
 * so the fast path screens those out and the slow path says what was wrong.
 */

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;

const DIGIT_SPAN = 9;
const LOWER_E = 0x65;
const MAX_EXACT_DIGITS = 15; // below 2^53, so the digits form an exact integer
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent); // 10^0..10^22 are exact

/**
 * The value of `text[start, end)` when it is a short plain decimal (`-12.5`, `3e-4`), or NaN
 * when it needs `parsePlainNumber`. Reads digits in place, without a substring. Correctly
 * rounded (Clinger's fast path): an exact integer of at most 15 digits times or divided by an
 * exact power of ten up to 10^22 is a single IEEE operation, so it matches `Number()`.
 */
export function scanDecimal(text: string, start: number, end: number): number {
  let index = start;
  let code = text.charCodeAt(index);
  const negative = code === MINUS;
  if (negative || code === PLUS) index += 1;
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let sawDigit = false;
  let inFraction = false;
  for (; index < end; index++) {
    code = text.charCodeAt(index);
    const digit = code - DIGIT_0;
    if (digit >= 0 && digit <= DIGIT_SPAN) {
      sawDigit = true;
      if (mantissa !== 0 || digit !== 0) {
        mantissa = mantissa * 10 + digit;
        digits += 1;
      }
      if (inFraction) exponent -= 1;
    } else if (code === DOT && !inFraction) {
      inFraction = true;
    } else {
      break;
    }
  }
  if (!sawDigit || digits > MAX_EXACT_DIGITS) return Number.NaN;
  if (index < end && (text.charCodeAt(index) | 0x20) === LOWER_E) {
    index += 1;
    code = text.charCodeAt(index);
    const exponentSign = code === MINUS ? -1 : 1;
    if (code === MINUS || code === PLUS) index += 1;
    let written = 0;
    const firstExponentDigit = index;
    for (; index < end; index++) {
      const digit = text.charCodeAt(index) - DIGIT_0;
      if (digit < 0 || digit > DIGIT_SPAN) break;
      if (written < 1000) written = written * 10 + digit; // saturate: huge exponents take the slow path
    }
    if (index === firstExponentDigit) return Number.NaN;
    exponent += exponentSign * written;
  }
  if (index !== end) return Number.NaN;
  let value: number;
  if (exponent === 0 || mantissa === 0) value = mantissa;
  else if (exponent > 0 && exponent <= 22) value = mantissa * EXACT_POWERS_OF_TEN[exponent]!;
  else if (exponent < 0 && exponent >= -22) value = mantissa / EXACT_POWERS_OF_TEN[-exponent]!;
  else return Number.NaN;
  return negative ? -value : value;
}

/**
 * The value of a plain finite decimal cell (surrounding whitespace allowed), or NaN when the
 * cell needs `classifyCell` (empty, not a number, NaN/Inf, radix literal, overflow).
 */
export function parsePlainNumber(cell: string): number {
  const value = Number(cell);
  if (value - value !== 0) return Number.NaN; // NaN or ±Infinity
  let text = cell;
  const first = text.charCodeAt(0);
  if (!((first >= DIGIT_0 && first <= DIGIT_9) || first === MINUS || first === PLUS || first === DOT)) {
    text = text.trim(); // rare: leading whitespace, or an empty cell that Number() read as 0
    if (text.length === 0) return Number.NaN;
  }
  // Decimal numbers never have a letter second; 0x.., 0o.., 0b.. literals do.
  const second = text.charCodeAt(1) | 0x20;
  if (second === 0x78 || second === 0x6f || second === 0x62) return Number.NaN;
  return value;
}

export type CellProblem =
  | { kind: 'empty' }
  | { kind: 'non-finite'; value: number }
  | { kind: 'overflow' }
  | { kind: 'not-a-number' };

const NON_FINITE_TOKENS = new Map<string, number>([
  ['nan', Number.NaN],
  ['+nan', Number.NaN],
  ['-nan', Number.NaN],
  ['inf', Number.POSITIVE_INFINITY],
  ['+inf', Number.POSITIVE_INFINITY],
  ['-inf', Number.NEGATIVE_INFINITY],
  ['infinity', Number.POSITIVE_INFINITY],
  ['+infinity', Number.POSITIVE_INFINITY],
  ['-infinity', Number.NEGATIVE_INFINITY],
]);

/** Why `parsePlainNumber` rejected `cell`. NaN/Inf spellings of numpy, pandas and JS are recognised. */
export function classifyCell(cell: string): CellProblem {
  const text = cell.trim();
  if (text.length === 0) return { kind: 'empty' };
  const nonFinite = NON_FINITE_TOKENS.get(text.toLowerCase());
  if (nonFinite !== undefined) return { kind: 'non-finite', value: nonFinite };
  if (/^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$/.test(text)) return { kind: 'overflow' };
  return { kind: 'not-a-number' };
}
