/**
 * Parsers for command-line flag values. Each takes the raw value yargs produced (flags are
 * declared as strings so messages can quote exactly what was typed) and throws a UsageError
 * naming the flag when the value is unusable.
 */

import { UsageError } from '../errors.js';

/** What yargs may hand us for one flag (numbers appear when callers pass parsed values). */
export type RawFlagValue = unknown;

/** The raw value as the user typed it, quoted when it would otherwise be invisible. */
export function showRaw(value: RawFlagValue): string {
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  return text.trim() === '' || /\s/.test(text) ? JSON.stringify(text) : text;
}

function fail(flag: string, expectation: string, value: RawFlagValue): never {
  throw new UsageError(`--${flag} must be ${expectation}, got ${showRaw(value)}`);
}

/** A finite number, or NaN when the text is not one (empty text is not zero). */
function toNumber(value: RawFlagValue): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
  return Number(value.trim());
}

/** A safe integer ≥ `minimum`; `expectation` is how the message describes it. */
export function parseInteger(
  flag: string,
  value: RawFlagValue,
  minimum: number,
  expectation: string,
): number {
  const number = toNumber(value);
  if (!Number.isSafeInteger(number) || number < minimum) fail(flag, expectation, value);
  return number;
}

export const parsePositiveInteger = (flag: string, value: RawFlagValue): number =>
  parseInteger(flag, value, 1, 'a positive integer');

export const parseNonNegativeInteger = (flag: string, value: RawFlagValue): number =>
  parseInteger(flag, value, 0, 'a non-negative integer');

/** Any safe integer (seeds). */
export const parseAnyInteger = (flag: string, value: RawFlagValue): number =>
  parseInteger(flag, value, Number.MIN_SAFE_INTEGER, 'an integer');

/** A finite number > 0. */
export function parsePositiveNumber(flag: string, value: RawFlagValue): number {
  const number = toNumber(value);
  if (!(Number.isFinite(number) && number > 0)) fail(flag, 'a positive number', value);
  return number;
}

/** A finite number ≥ 0. */
export function parseNonNegativeNumber(flag: string, value: RawFlagValue): number {
  const number = toNumber(value);
  if (!(Number.isFinite(number) && number >= 0)) fail(flag, 'a number >= 0', value);
  return number;
}

/** A number in [0, 1): fractions such as momentum and the validation split. */
export function parseFraction(flag: string, value: RawFlagValue): number {
  const number = toNumber(value);
  if (!(number >= 0 && number < 1)) fail(flag, 'a number from 0 up to (not including) 1', value);
  return number;
}

/** One of `choices`, compared exactly. */
export function parseChoice<T extends string>(flag: string, value: RawFlagValue, choices: readonly T[]): T {
  const text = String(value);
  if (!(choices as readonly string[]).includes(text)) fail(flag, `one of ${choices.join(', ')}`, value);
  return text as T;
}

/** A non-empty path. */
export function parsePath(flag: string, value: RawFlagValue): string {
  if (typeof value !== 'string' || value.trim() === '') fail(flag, 'a file path', value);
  return value;
}

/** `64,64` → [64, 64]; `none` → [] (no hidden layer). */
export function parseHiddenSizes(flag: string, value: RawFlagValue): number[] {
  const text = String(value).trim();
  if (text.toLowerCase() === 'none') return [];
  const parts = text.split(',').map((part) => part.trim());
  const sizes = parts.map((part) => (/^[0-9]+$/.test(part) ? Number(part) : Number.NaN));
  if (!sizes.every((size) => Number.isSafeInteger(size) && size >= 1)) {
    fail(flag, 'comma-separated positive layer widths (e.g. 64,64) or none', value);
  }
  return sizes;
}

/** `0.2` (every hidden layer) or `0.2,0.1` (one per hidden layer), each in [0, 1). */
export function parseDropout(flag: string, value: RawFlagValue): number | number[] {
  const parts = String(value).split(',');
  const rates = parts.map((part) => toNumber(part));
  if (!rates.every((p) => p >= 0 && p < 1)) {
    fail(
      flag,
      'a drop probability from 0 up to (not including) 1, or one per hidden layer (e.g. 0.2,0.1)',
      value,
    );
  }
  return rates.length === 1 ? rates[0]! : rates;
}

/** `balanced`, or comma-separated class weights ≥ 0 (not all 0): `1,2.5,1`. */
export function parseClassWeights(flag: string, value: RawFlagValue): 'balanced' | number[] {
  const text = String(value).trim();
  if (text === 'balanced') return 'balanced';
  const weights = text.split(',').map((part) => toNumber(part));
  if (!weights.every((w) => Number.isFinite(w) && w >= 0) || !weights.some((w) => w > 0)) {
    fail(flag, 'balanced or comma-separated class weights >= 0, not all 0 (e.g. 1,2.5,1)', value);
  }
  return weights;
}

/** `auto` or a positive integer. */
export function parseWorkers(flag: string, value: RawFlagValue): number | 'auto' {
  if (String(value).trim() === 'auto') return 'auto';
  return parseInteger(flag, value, 1, 'a positive integer or auto');
}

/** A boolean switch (yargs gives booleans; strings come from callers that pass text). */
export function parseSwitch(flag: string, value: RawFlagValue): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return fail(flag, 'true or false', value);
}

/** A comma-separated list of column names or ranges (`id,f1:f20`); no entry may be empty. */
export function parseColumnList(flag: string, value: RawFlagValue): string[] {
  if (typeof value !== 'string' && typeof value !== 'number')
    fail(flag, 'a comma-separated list of columns', value);
  const entries = String(value)
    .split(',')
    .map((entry) => entry.trim());
  if (entries.some((entry) => entry === ''))
    fail(flag, 'a comma-separated list of columns, without empty entries', value);
  return entries;
}

/** One column name (no list). */
export function parseColumnName(flag: string, value: RawFlagValue): string {
  if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
    fail(flag, 'a column name', value);
  }
  return String(value).trim();
}
