/**
 * Which CSV columns are features, the label or the targets, chosen by name: from the caller's
 * column options (`labelColumn`, `targetColumns`, `featureColumns`, `ignoreColumns`) against a
 * header, or from the mapping a checkpoint saved (so a file whose columns come in another order
 * still feeds the model the same inputs).
 *
 * An entry of a column list is one of:
 * - `NAME`: the column of that header name (names are always tried first, so a name holding `:`
 *   or digits works as it is);
 * - `A:B`: every column from A through B inclusive, in the header's order; A and B are each a
 *   name or a column number;
 * - `N`: the N-th column, counting from 1 (as `cut -f` and spreadsheets do), when no column is
 *   named N.
 */

import { closestName } from '../trainer/closest-name.js';
import { preview } from './value-preview.js';

/** The caller's column options (any of them may be absent). */
export interface ColumnSelection {
  /** The class label column (classification). */
  readonly labelColumn?: string;
  /** The regression target columns, in output order. */
  readonly targetColumns?: readonly string[];
  /** The feature columns, in input order; default: every column that is not label, target or ignored. */
  readonly featureColumns?: readonly string[];
  /** Columns read past (ids, notes). */
  readonly ignoreColumns?: readonly string[];
}

/** The option keys of a {@link ColumnSelection}. */
export type ColumnOption = keyof ColumnSelection;

/** The column options, in the order they are checked. */
export const COLUMN_OPTIONS: readonly ColumnOption[] = [
  'labelColumn',
  'targetColumns',
  'featureColumns',
  'ignoreColumns',
];

/** The columns a model was trained on, by name: what a checkpoint saves. */
export interface ColumnMapping {
  /** Feature column names, in the model's input order. */
  readonly features: readonly string[];
  /** The label column's name (classification), or null. */
  readonly label: string | null;
  /** Target column names in output order (regression); empty with a label. */
  readonly targets: readonly string[];
}

/** Column indices (0-based, into the header) for each role. */
export interface ChosenColumns {
  /** In the model's input order. */
  readonly features: readonly number[];
  /** -1 when there is no label column. */
  readonly label: number;
  /** In output order. */
  readonly targets: readonly number[];
}

/** Builds the one-line error for a bad choice; `option` is the column option at fault, if one is. */
export type ColumnFailure = (detail: string, option?: ColumnOption) => never;

/** True when any column option is given. */
export function hasColumnSelection(selection: ColumnSelection | undefined): boolean {
  return selection !== undefined && COLUMN_OPTIONS.some((key) => selection[key] !== undefined);
}

/**
 * The columns `selection` picks from `names` (the trimmed header). Without a label or target
 * option, a `label` column, else the `y0, y1, …` columns, are the targets (today's convention).
 */
export function chooseColumns(
  names: readonly string[],
  selection: ColumnSelection,
  fail: ColumnFailure,
): ChosenColumns {
  const index = indexNames(names);
  const resolve = (key: ColumnOption, entries: readonly string[]) =>
    resolveEntries(names, index, entries, (detail) => fail(detail, key), key);
  if (selection.labelColumn !== undefined && selection.targetColumns !== undefined) {
    fail('give a label column (classification) or target columns (regression), not both', 'targetColumns');
  }
  const ignored = resolve('ignoreColumns', selection.ignoreColumns ?? []);
  let label = -1;
  let targets: number[] = [];
  if (selection.labelColumn !== undefined) {
    [label] = resolve('labelColumn', [selection.labelColumn]) as [number];
  } else if (selection.targetColumns !== undefined) {
    targets = resolve('targetColumns', selection.targetColumns);
  } else if (index.has('label')) {
    label = index.get('label')!;
  } else {
    targets = conventionalTargets(index);
  }
  const outputs = label >= 0 ? [label] : targets;
  const outputOption: ColumnOption = label >= 0 ? 'labelColumn' : 'targetColumns';
  for (const column of outputs) {
    if (ignored.includes(column)) {
      fail(`${quoteName(names[column]!)} is both ignored and the ${roleOf(outputOption)}`, 'ignoreColumns');
    }
  }
  let features: number[];
  if (selection.featureColumns !== undefined) {
    features = resolve('featureColumns', selection.featureColumns);
    for (const column of features) {
      if (outputs.includes(column)) {
        fail(`${quoteName(names[column]!)} is the ${roleOf(outputOption)}, not a feature`, 'featureColumns');
      }
      if (ignored.includes(column)) {
        fail(`${quoteName(names[column]!)} is also in the ignored columns`, 'featureColumns');
      }
    }
  } else {
    features = names.map((_, column) => column).filter((c) => !outputs.includes(c) && !ignored.includes(c));
  }
  if (features.length === 0)
    fail('leave no feature columns (every column is the label, a target or ignored)');
  return { features, label, targets };
}

/**
 * The columns of `mapping` (saved with a model) in this header. Features must all be present; the
 * label or targets only when `withOutputs` (eval, resume), else they are read past like any
 * other column. `fail` gets the missing column's description.
 */
export function columnsOfMapping(
  names: readonly string[],
  mapping: ColumnMapping,
  withOutputs: boolean,
  fail: (detail: string) => never,
): ChosenColumns {
  const index = indexNames(names);
  // The header's own text is never repeated: the file may be no CSV at all (a path a tampered
  // checkpoint named), and a "did you mean" would quote it.
  if (!mapping.features.some((name) => index.has(name))) {
    fail("names none of the model's feature columns; this does not look like a CSV for this model");
  }
  const find = (name: string, role: string): number => {
    const column = index.get(name);
    if (column !== undefined) return column;
    return fail(`no column ${quoteName(name)} (a ${role} of the model)`);
  };
  const features = mapping.features.map((name) => find(name, 'feature'));
  if (!withOutputs) return { features, label: -1, targets: [] };
  const label = mapping.label === null ? -1 : find(mapping.label, 'label column');
  const targets = mapping.targets.map((name) => find(name, 'target'));
  return { features, label, targets };
}

/** The mapping that records `chosen` by name. */
export function mappingOf(names: readonly string[], chosen: ChosenColumns): ColumnMapping {
  return {
    features: chosen.features.map((column) => names[column]!),
    label: chosen.label >= 0 ? names[chosen.label]! : null,
    targets: chosen.targets.map((column) => names[column]!),
  };
}

/**
 * Every column named by `entries`, in the order given (a range in header order); a column named
 * twice, an empty entry or an unknown name fails.
 */
function resolveEntries(
  names: readonly string[],
  index: ReadonlyMap<string, number>,
  entries: readonly string[],
  fail: (detail: string) => never,
  key: ColumnOption,
): number[] {
  const columns: number[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry.length === 0) fail('has an empty column name');
    for (const column of resolveEntry(names, index, entry, fail)) {
      if (columns.includes(column)) fail(`names column ${quoteName(names[column]!)} twice`);
      columns.push(column);
    }
  }
  if (columns.length === 0 && key !== 'ignoreColumns') fail('names no columns');
  return columns;
}

/** One entry's columns: a name, a column number, or a range of either. */
function resolveEntry(
  names: readonly string[],
  index: ReadonlyMap<string, number>,
  entry: string,
  fail: (detail: string) => never,
): number[] {
  const single = columnOf(names, index, entry);
  if (single !== undefined) return [single];
  // A range: the first ':' at which both ends name a column.
  for (let colon = entry.indexOf(':'); colon !== -1; colon = entry.indexOf(':', colon + 1)) {
    const from = columnOf(names, index, entry.slice(0, colon).trim());
    const to = columnOf(names, index, entry.slice(colon + 1).trim());
    if (from === undefined || to === undefined) continue;
    if (from > to) {
      fail(
        `range ${quoteName(entry)} runs backwards (${quoteName(names[from]!)} comes after ${quoteName(names[to]!)})`,
      );
    }
    return names.map((_, column) => column).slice(from, to + 1);
  }
  const colon = entry.indexOf(':');
  const unknown = colon === -1 ? entry : firstUnknownEnd(names, index, entry, colon);
  const suggestion = closestName(unknown, names);
  return fail(
    `no column ${quoteName(unknown)} in the header${suggestion ? `; did you mean ${quoteName(suggestion)}?` : ''}`,
  );
}

/** The end of a failed range `A:B` that names no column (A if both fail). */
function firstUnknownEnd(
  names: readonly string[],
  index: ReadonlyMap<string, number>,
  entry: string,
  colon: number,
): string {
  const from = entry.slice(0, colon).trim();
  return columnOf(names, index, from) === undefined ? from : entry.slice(colon + 1).trim();
}

/** The column named `text`, else the column numbered `text` (1-based), else undefined. */
function columnOf(
  names: readonly string[],
  index: ReadonlyMap<string, number>,
  text: string,
): number | undefined {
  const named = index.get(text);
  if (named !== undefined) return named;
  if (!/^[1-9][0-9]{0,8}$/.test(text)) return undefined;
  const number = Number(text);
  return number <= names.length ? number - 1 : undefined;
}

/** `y0, y1, …` in index order: the conventional regression targets (none if absent). */
function conventionalTargets(index: ReadonlyMap<string, number>): number[] {
  const targets: number[] = [];
  for (let slot = 0; index.has(`y${slot}`); slot++) targets.push(index.get(`y${slot}`)!);
  return targets;
}

function indexNames(names: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  names.forEach((name, column) => {
    if (!index.has(name)) index.set(name, column);
  });
  return index;
}

function roleOf(option: ColumnOption): string {
  return option === 'labelColumn' ? 'label column' : 'target';
}

/** A column name in a message: plain when short and printable, else quoted and shortened. */
export function quoteName(name: string): string {
  return /^[\x21-\x7e]{1,60}$/.test(name) && !name.includes('"') ? name : preview(name);
}
