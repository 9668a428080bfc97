/**
 * The column options of `train()` (`labelColumn`, `targetColumns`, `featureColumns`,
 * `ignoreColumns`): checked for shape here; matched against the CSV's header when it is read
 * (io/column-selection.ts says what an entry may be: a name, `A:B`, or a 1-based column number).
 */

import { UsageError } from '../errors.js';
import type { ColumnSelection } from '../io/column-selection.js';
import type { TrainOptions } from './train-options.js';

/** Most entries a column list may hold (a header is limited by its line length anyway). */
const MAX_ENTRIES = 100_000;

/** The column options of `o`, checked; undefined when none is given. */
export function columnSelectionOf(o: TrainOptions): ColumnSelection | undefined {
  const selection: { -readonly [K in keyof ColumnSelection]: ColumnSelection[K] } = {};
  if (o.labelColumn !== undefined) {
    if (typeof o.labelColumn !== 'string' || o.labelColumn.trim() === '') {
      throw new UsageError(`labelColumn must be a column name, got ${JSON.stringify(o.labelColumn)}`);
    }
    selection.labelColumn = o.labelColumn.trim();
  }
  for (const key of ['targetColumns', 'featureColumns', 'ignoreColumns'] as const) {
    const list: unknown = o[key];
    if (list === undefined) continue;
    const ok =
      Array.isArray(list) &&
      list.length <= MAX_ENTRIES &&
      list.every((entry) => typeof entry === 'string' && entry.trim() !== '');
    if (!ok) {
      throw new UsageError(
        `${key} must be a list of column names or ranges (such as ['f1:f20', 'extra']), got ${JSON.stringify(list)?.slice(0, 80)}`,
      );
    }
    selection[key] = (list as string[]).map((entry) => entry.trim());
  }
  if (Object.keys(selection).length === 0) return undefined;
  if (selection.labelColumn !== undefined && selection.targetColumns !== undefined) {
    throw new UsageError('give labelColumn (classification) or targetColumns (regression), not both');
  }
  if (o.dataset !== undefined || (o.data !== undefined && typeof o.data !== 'string')) {
    throw new UsageError(
      'the column options (labelColumn, targetColumns, …) choose columns of a CSV file given as data',
    );
  }
  return selection;
}
