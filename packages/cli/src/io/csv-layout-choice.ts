/**
 * The column layout of a CSV read: today's `x0…`/`label`/`y0…` convention, the caller's column
 * options, or the mapping a model saved; plus the columns whose text is passed through (predict).
 */

import { UsageError } from '../errors.js';
import {
  type ChosenColumns,
  type ColumnMapping,
  type ColumnOption,
  type ColumnSelection,
  chooseColumns,
  columnsOfMapping,
  hasColumnSelection,
  mappingOf,
  quoteName,
} from './column-selection.js';
import {
  analyzeHeader,
  type CsvColumnLayout,
  isConventionalName,
  ROLE_FEATURE,
  ROLE_IGNORED,
  ROLE_LABEL,
  ROLE_TARGET,
  rejectDuplicates,
} from './csv-header.js';
import { parsePlainNumber } from './csv-number.js';

/** What decides the layout (fields of CsvReadOptions). */
export interface LayoutRequest {
  /** The caller's column options; none given: the convention. */
  readonly columns?: ColumnSelection;
  /** How messages name a column option (default: its key, as `train()` takes it). */
  readonly columnOptionName?: (key: ColumnOption) => string;
  /** A model's saved columns, picked by name (wins over `columns`). */
  readonly mapping?: ColumnMapping;
  /** False: label and target columns are not read, only features (predict). Default true. */
  readonly readOutputs?: boolean;
  /** Columns whose text is kept per row, by name. */
  readonly keepColumns?: readonly string[];
  /**
   * Under the convention, read past columns it does not name (an id, say) instead of refusing
   * them (predict); `x<i>` columns still all count as features.
   */
  readonly ignoreOtherColumns?: boolean;
}

/** A layout, the mapping that records it by name (null for the convention) and the kept columns. */
export interface LayoutChoice {
  readonly layout: CsvColumnLayout;
  readonly mapping: ColumnMapping | null;
  /** Names of the kept columns, in the order asked. */
  readonly keptNames: readonly string[];
  /** Per cell: its index among the kept columns, or -1. */
  readonly keptSlots: Int32Array;
}

/**
 * The layout for the header `cells`. `fail` reports a bad header (a DataError naming the file
 * and line); a column option that does not fit the header is a UsageError naming the option.
 */
export function chooseLayout(
  cells: readonly string[],
  request: LayoutRequest,
  source: string,
  fail: (detail: string) => never,
): LayoutChoice {
  const names = cells.map((cell) => cell.trim());
  const keptSlots = new Int32Array(names.length).fill(-1);
  const keptNames = request.keepColumns ?? [];
  const byName = request.mapping !== undefined || hasColumnSelection(request.columns) || keptNames.length > 0;
  if (byName) {
    if (names.every((name) => !Number.isNaN(parsePlainNumber(name)))) {
      fail('no header row (line 1 holds numbers); the first line must name the columns');
    }
    rejectDuplicates(names, fail);
  }
  keptNames.forEach((name, slot) => {
    const column = names.indexOf(name);
    if (column === -1) {
      // The name is the user's; the header's text is not repeated (it may not be a CSV at all).
      throw new UsageError(`${source}: --keep-columns: no column ${quoteName(name)} in the header`);
    }
    keptSlots[column] = slot;
  });

  if (request.mapping !== undefined) {
    const withOutputs = request.readOutputs !== false;
    const chosen = columnsOfMapping(names, request.mapping, withOutputs, fail);
    return { layout: layoutOf(names, chosen), mapping: request.mapping, keptNames, keptSlots };
  }
  if (hasColumnSelection(request.columns)) {
    const optionName = request.columnOptionName ?? ((key: ColumnOption) => key);
    const chosen = chooseColumns(names, request.columns!, (detail, key) => {
      const option = key === undefined ? 'the column options' : optionName(key);
      throw new UsageError(`${source}: ${option}: ${detail}`);
    });
    const layout = layoutOf(
      names,
      request.readOutputs === false ? { ...chosen, label: -1, targets: [] } : chosen,
    );
    return { layout, mapping: mappingOf(names, chosen), keptNames, keptSlots };
  }
  // The convention; kept (and, if asked, other) columns are set aside first, so an `id` column
  // is no unknown name.
  const setAside = names.map(
    (name, column) =>
      keptSlots[column] !== -1 || (request.ignoreOtherColumns === true && !isConventionalName(name)),
  );
  const rest = cells.filter((_, column) => !setAside[column]);
  // Nothing left: the whole header says why it is no shardwise CSV (without quoting it).
  const conventional = analyzeHeader(rest.length > 0 ? rest : [...cells], fail);
  return { layout: spreadOver(names, setAside, conventional), mapping: null, keptNames, keptSlots };
}

/** The layout that reads `chosen` and ignores every other column. */
function layoutOf(names: string[], chosen: ChosenColumns): CsvColumnLayout {
  const roles = new Uint8Array(names.length).fill(ROLE_IGNORED);
  const slots = new Int32Array(names.length);
  chosen.features.forEach((column, slot) => {
    roles[column] = ROLE_FEATURE;
    slots[column] = slot;
  });
  chosen.targets.forEach((column, slot) => {
    roles[column] = ROLE_TARGET;
    slots[column] = slot;
  });
  if (chosen.label >= 0) roles[chosen.label] = ROLE_LABEL;
  return {
    names,
    features: chosen.features.length,
    targetColumns: chosen.targets.length,
    hasLabel: chosen.label >= 0,
    roles,
    slots,
  };
}

/** A layout of the columns not set aside, widened to every column (those set aside ignored). */
function spreadOver(names: string[], setAside: readonly boolean[], inner: CsvColumnLayout): CsvColumnLayout {
  if (inner.names.length === names.length) return inner;
  const roles = new Uint8Array(names.length).fill(ROLE_IGNORED);
  const slots = new Int32Array(names.length);
  let from = 0;
  for (let column = 0; column < names.length; column++) {
    if (setAside[column]) continue;
    roles[column] = inner.roles[from]!;
    slots[column] = inner.slots[from]!;
    from += 1;
  }
  return { ...inner, names, roles, slots };
}
