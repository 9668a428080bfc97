/**
 * Reads the header row of a training CSV into a column layout: features `x0..x{D-1}`, and
 * either one integer `label` column or targets `y0..y{O-1}`, in any order.
 */

import { parsePlainNumber } from './csv-number.js';
import { preview } from './value-preview.js';

export const ROLE_FEATURE = 0;
export const ROLE_TARGET = 1;
export const ROLE_LABEL = 2;
/** A column read past (not a feature, label or target of this read). */
export const ROLE_IGNORED = 3;

export interface CsvColumnLayout {
  /** Header names, trimmed, in file order. */
  names: string[];
  features: number;
  /** Number of `y` columns; 0 when there is a label column or no target at all. */
  targetColumns: number;
  hasLabel: boolean;
  /** Per cell: ROLE_FEATURE, ROLE_TARGET, ROLE_LABEL or ROLE_IGNORED. */
  roles: Uint8Array;
  /** Per cell: the index within x or y (the `3` of `x3`). */
  slots: Int32Array;
}

const INDEXED_NAME = /^([xy])(0|[1-9][0-9]*)$/;
const EXPECTED = 'expected x0..x{D-1} and optionally label or y0..y{O-1}';
/** Unknown column names listed in a message; the rest are counted. */
const MAX_NAMES_SHOWN = 5;

/** The layout of `cells`; `fail` is called with a one-line description of a bad header. */
export function analyzeHeader(cells: string[], fail: (detail: string) => never): CsvColumnLayout {
  const names = cells.map((cell) => cell.trim());
  if (names.every((name) => !Number.isNaN(parsePlainNumber(name)))) {
    fail(`no header row (line 1 holds numbers); the first line must name the columns, ${EXPECTED}`);
  }
  if (!names.some((name) => name === 'label' || INDEXED_NAME.test(name))) {
    // Not a data CSV at all (a system or binary file, perhaps named by a checkpoint): nothing of
    // its text is repeated in the message.
    fail(`names none of the expected columns; this does not look like a shardwise CSV (${EXPECTED})`);
  }
  rejectDuplicates(names, fail);

  const roles = new Uint8Array(names.length);
  const slots = new Int32Array(names.length);
  const featureSlots: number[] = [];
  const targetSlots: number[] = [];
  const unknown: string[] = [];
  let hasLabel = false;
  names.forEach((name, column) => {
    const indexed = INDEXED_NAME.exec(name);
    if (name === 'label') {
      hasLabel = true;
      roles[column] = ROLE_LABEL;
    } else if (indexed) {
      const index = Number(indexed[2]);
      const isFeature = indexed[1] === 'x';
      roles[column] = isFeature ? ROLE_FEATURE : ROLE_TARGET;
      slots[column] = index;
      (isFeature ? featureSlots : targetSlots).push(index);
    } else {
      unknown.push(name.length === 0 ? `(unnamed column ${column + 1})` : preview(name));
    }
  });

  if (unknown.length > 0) {
    // A binary file read as CSV has thousands of "names": show a few.
    const shown = unknown.slice(0, MAX_NAMES_SHOWN).join(', ');
    const more = unknown.length > MAX_NAMES_SHOWN ? ` and ${unknown.length - MAX_NAMES_SHOWN} more` : '';
    fail(`unknown column${unknown.length > 1 ? 's' : ''} ${shown}${more}; ${EXPECTED}`);
  }
  if (featureSlots.length === 0) fail(`no feature columns; ${EXPECTED}`);
  if (hasLabel && targetSlots.length > 0) {
    fail('has both a label column and y columns; use label for class indices or y0.. for targets, not both');
  }
  requireContiguous('x', featureSlots, fail);
  requireContiguous('y', targetSlots, fail);

  return {
    names,
    features: featureSlots.length,
    targetColumns: targetSlots.length,
    hasLabel,
    roles,
    slots,
  };
}

/** True for a name of the convention: `label`, `x<i>` or `y<i>`. */
export function isConventionalName(name: string): boolean {
  return name === 'label' || INDEXED_NAME.test(name);
}

/** Two columns of one name make any choice by name ambiguous (unnamed columns may repeat). */
export function rejectDuplicates(names: readonly string[], fail: (detail: string) => never): void {
  const firstColumn = new Map<string, number>();
  names.forEach((name, column) => {
    const earlier = firstColumn.get(name);
    if (earlier !== undefined && name.length > 0) {
      fail(`duplicate column ${preview(name)} (columns ${earlier + 1} and ${column + 1})`);
    }
    firstColumn.set(name, column);
  });
}

/** Indices must be exactly 0..n-1 (duplicates were already rejected). */
function requireContiguous(prefix: string, indices: number[], fail: (detail: string) => never): void {
  const present = new Set(indices);
  const missing: string[] = [];
  for (let index = 0; index < indices.length && missing.length < 5; index++) {
    if (!present.has(index)) missing.push(`${prefix}${index}`);
  }
  if (missing.length > 0) {
    const highest = indices.reduce((a, b) => Math.max(a, b), 0);
    fail(
      `${prefix} columns must be numbered ${prefix}0..${prefix}${indices.length - 1} without gaps; ` +
        `found ${prefix}${highest} but not ${missing.join(', ')}`,
    );
  }
}
