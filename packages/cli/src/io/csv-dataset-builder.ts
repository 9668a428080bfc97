/**
 * Turns CSV lines into a dataset: the header fixes the column layout, then each data row's
 * cells are parsed straight into growing typed arrays. Every problem becomes a one-line
 * DataError naming the source, the data row, the line and the column.
 */

import { allocate, type DType, type FloatArray } from '@shardwise/core';
import { DataError, UsageError } from '../errors.js';
import {
  ClassNameEncoder,
  MAX_CLASS_NAME_CHARS,
  MAX_CLASS_NAMES,
  NAME_TOO_LONG,
  TOO_MANY_NAMES,
  UNKNOWN_NAME,
} from './class-names.js';
import type { ColumnMapping } from './column-selection.js';
import { splitCsvCells } from './csv-cells.js';
import type { CsvColumnLayout } from './csv-header.js';
import { ROLE_FEATURE, ROLE_IGNORED, ROLE_LABEL } from './csv-header.js';
import { chooseLayout, type LayoutChoice, type LayoutRequest } from './csv-layout-choice.js';
import { classifyCell, parsePlainNumber, scanDecimal } from './csv-number.js';
import { ensureCapacity, trimToLength } from './typed-array-growth.js';

export interface CsvReadOptions extends LayoutRequest {
  dtype: DType;
  /** Number of classes for a `label` column; default: the largest label + 1. */
  classes?: number;
  /**
   * The class names a model was trained with (index i is `classNames[i]`): every label cell is
   * looked up in them, and one outside them is refused. Without it, a label column of names
   * (`cat`, `dog`) gets the sorted distinct names.
   */
  classNames?: readonly string[];
  /** Accept NaN/Inf cells (nan, inf, -inf, NaN, Infinity, ...) instead of rejecting them. */
  allowNonFinite?: boolean;
  /**
   * The option or flag that accepts NaN/Inf cells, named when one is rejected (default: the
   * training option); null where the caller has none (eval, predict), so that no message
   * recommends what the command would refuse.
   */
  nonFiniteSwitch?: string | null;
  /** Aborting it stops a read in progress (between chunks) with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Most bytes the growing arrays may take, old and new copies together while they grow (e.g.
   * the free memory): a file that would need more fails as a DataError before it exhausts it.
   */
  memoryLimit?: number;
}

export interface CsvDataset {
  rows: number;
  features: number;
  /** Row-major rows × features. */
  x: FloatArray;
  /** Class index per row, when the file has a `label` column. */
  labels: Int32Array | null;
  /** Row-major rows × outputs, when the file has `y` columns. */
  targets: FloatArray | null;
  /** `classes` with labels, the number of y columns with targets, 0 with features only. */
  outputs: number;
  /** The class count with labels; 0 otherwise (the caller decides what y rows mean). */
  classes: number;
  /** The class names when the label column holds names (index i is `classNames[i]`); else null. */
  classNames: string[] | null;
  /** The columns read, by name, when chosen by column options or a saved mapping; else null. */
  columns: ColumnMapping | null;
  /** The text of the kept columns (`keepColumns`), rows × names row-major; null without any. */
  kept: { readonly names: readonly string[]; readonly values: string[] } | null;
}

const DEFAULT_NON_FINITE_SWITCH = 'allowNonFinite (--allow-non-finite)';
const FLOAT32_MAX = 3.4028234663852886e38;
const INT32_MAX = 2 ** 31 - 1;

export class CsvDatasetBuilder {
  private layout: CsvColumnLayout | null = null;
  private choice: LayoutChoice | null = null;
  /** The label column's names, once a name is seen (or from the start with known names). */
  private encoder: ClassNameEncoder | null = null;
  /** First line whose label is an index, and first whose label is a name (0: none yet). */
  private firstIndexLine = 0;
  private firstNameLine = 0;
  private readonly keptValues: string[] = [];
  /** Per cell: its index among the kept columns, or -1 (the layout choice's, kept at hand for the per-cell path). */
  private keptSlots: Int32Array = new Int32Array(0);
  private rows = 0;
  private x: FloatArray;
  private targets: FloatArray;
  private labels = new Int32Array(0);
  private maxLabel = -1;
  /** Rows that fit in x, targets and labels without growing. */
  private capacityRows = 0;
  /** Scratch: end offsets of the cells of the current line. */
  private cellEnds = new Int32Array(0);
  /** Line number of a blank line not yet followed by content (only trailing blanks are allowed). */
  private pendingBlankLine = 0;
  /** Values beyond this take the slow path, which rejects what would overflow the dtype. */
  private readonly largestPlainValue: number;

  constructor(
    private readonly source: string,
    private readonly options: CsvReadOptions,
  ) {
    validateOptions(options);
    this.x = allocate(options.dtype, 0);
    this.targets = allocate(options.dtype, 0);
    this.largestPlainValue = options.dtype === 'f32' ? FLOAT32_MAX : Number.POSITIVE_INFINITY;
    if (options.classNames !== undefined) this.encoder = new ClassNameEncoder(options.classNames);
  }

  acceptLine(line: string, lineNumber: number): void {
    if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (isBlank(line)) {
      if (this.pendingBlankLine === 0) this.pendingBlankLine = lineNumber;
      return;
    }
    if (this.pendingBlankLine !== 0) {
      this.failAt(
        this.pendingBlankLine,
        'blank line before more content; only trailing blank lines are allowed',
      );
    }
    if (this.layout === null) {
      const fail = (detail: string): never => {
        throw new DataError(`${this.source}: line ${lineNumber} (header): ${detail}`);
      };
      this.choice = chooseLayout(splitCsvCells(line, fail), this.options, this.source, fail);
      this.layout = this.choice.layout;
      this.keptSlots = this.choice.keptSlots;
    } else {
      this.acceptRow(this.layout, line, lineNumber);
    }
  }

  finish(): CsvDataset {
    const layout = this.layout;
    if (layout === null) throw new DataError(`${this.source}: file is empty; expected a header row and data`);
    const rows = this.rows;
    if (rows === 0) throw new DataError(`${this.source}: no data rows after the header`);
    const x = trimToLength(this.x, rows * layout.features);
    const choice = this.choice!;
    const described = {
      classNames: null,
      columns: choice.mapping,
      kept: choice.keptNames.length > 0 ? { names: choice.keptNames, values: this.keptValues } : null,
    };
    if (layout.hasLabel) {
      const labels = trimToLength(this.labels, rows);
      if (this.encoder !== null) {
        const { names, renumber } = this.encoder.finish();
        const asked = this.options.classNames === undefined ? this.options.classes : undefined;
        if (asked !== undefined && asked !== names.length) {
          throw new DataError(
            `${this.source}: the label column holds ${names.length} class names, but ${asked} classes are expected (class names fix the count; a model trained on class indices cannot take names)`,
          );
        }
        for (let row = 0; row < rows; row++) labels[row] = renumber[labels[row]!]!;
        const classes = names.length;
        const base = { rows, features: layout.features, x, labels, targets: null, outputs: classes, classes };
        return { ...base, ...described, classNames: names };
      }
      const classes = this.options.classes ?? this.maxLabel + 1;
      const base = { rows, features: layout.features, x, labels, targets: null, outputs: classes, classes };
      return { ...base, ...described };
    }
    const outputs = layout.targetColumns;
    const targets = outputs > 0 ? trimToLength(this.targets, rows * outputs) : null;
    return { rows, features: layout.features, x, labels: null, targets, outputs, classes: 0, ...described };
  }

  private acceptRow(layout: CsvColumnLayout, line: string, lineNumber: number): void {
    const row = this.rows + 1;
    const width = layout.names.length;
    if (row > this.capacityRows) this.grow(layout, row);
    if (line.indexOf('"') === -1) {
      // Fast path: find the commas, then read every cell in place without substrings.
      const found = this.findCellEnds(line, width);
      if (found !== width) this.failAt(lineNumber, `expected ${width} cells, found ${found}`, row);
      let start = 0;
      for (let column = 0; column < width; column++) {
        const end = this.cellEnds[column]!;
        this.storeCell(layout, line, start, end, column, lineNumber);
        start = end + 1;
      }
    } else {
      const cells = splitCsvCells(line, (detail) => this.failAt(lineNumber, detail, row));
      if (cells.length !== width) {
        this.failAt(lineNumber, `expected ${width} cells, found ${cells.length}`, row);
      }
      cells.forEach((cell, column) => {
        this.storeCell(layout, cell, 0, cell.length, column, lineNumber);
      });
    }
    this.rows = row;
  }

  /** Grows every output array geometrically (checked per row, so kept out of the per-cell path). */
  private grow(layout: CsvColumnLayout, rows: number): void {
    const held = this.x.byteLength + this.targets.byteLength + this.labels.byteLength;
    // Growing doubles the arrays while the old ones are still held: three times what is held.
    const limit = this.options.memoryLimit;
    if (limit !== undefined && held > 0 && 3 * held > limit) {
      throw new DataError(
        `${this.source}: after ${this.rows} rows the data takes ${mebibytes(held)} MiB and cannot grow within the ${mebibytes(limit)} MiB of free memory`,
        'train on a smaller file (or fewer columns), or on a machine with more memory',
      );
    }
    this.x = ensureCapacity(this.x, rows * layout.features);
    this.targets = ensureCapacity(this.targets, rows * layout.targetColumns);
    this.labels = ensureCapacity(this.labels, layout.hasLabel ? rows : 0);
    this.capacityRows = layout.features > 0 ? Math.floor(this.x.length / layout.features) : rows;
    if (layout.targetColumns > 0) {
      this.capacityRows = Math.min(this.capacityRows, Math.floor(this.targets.length / layout.targetColumns));
    }
    if (layout.hasLabel) this.capacityRows = Math.min(this.capacityRows, this.labels.length);
  }

  /** Records where each of the first `width` cells ends; returns how many cells the line has. */
  private findCellEnds(line: string, width: number): number {
    if (this.cellEnds.length < width) this.cellEnds = new Int32Array(width);
    let found = 0;
    for (let start = 0; ; ) {
      const comma = line.indexOf(',', start);
      if (found < width) this.cellEnds[found] = comma === -1 ? line.length : comma;
      found += 1;
      if (comma === -1) return found;
      start = comma + 1;
    }
  }

  /** Parses `text[start, end)` into x, targets or labels of the current row. */
  private storeCell(
    layout: CsvColumnLayout,
    text: string,
    start: number,
    end: number,
    column: number,
    lineNumber: number,
  ): void {
    const role = layout.roles[column];
    const row = this.rows + 1;
    if (this.keptSlots[column] !== -1) this.keptValues.push(text.slice(start, end));
    if (role === ROLE_IGNORED) return;
    if (role === ROLE_LABEL) {
      this.labels[this.rows] = this.parseLabel(text.slice(start, end), lineNumber, row, column);
      return;
    }
    let value = scanDecimal(text, start, end);
    const limit = this.largestPlainValue;
    if (Number.isNaN(value) || value > limit || value < -limit) {
      value = this.parseUnusualNumber(text.slice(start, end), lineNumber, row, column);
    }
    const slot = layout.slots[column]!;
    if (role === ROLE_FEATURE) this.x[this.rows * layout.features + slot] = value;
    else this.targets[this.rows * layout.targetColumns + slot] = value;
  }

  /** Slow path: NaN/Inf (if allowed), float32 overflow, or an error saying what is wrong. */
  private parseUnusualNumber(cell: string, lineNumber: number, row: number, column: number): number {
    const value = parsePlainNumber(cell);
    if (!Number.isNaN(value)) {
      if (Number.isFinite(Math.fround(value)) || this.options.dtype === 'f64') return value;
      this.failAt(lineNumber, `cell ${quote(cell)} is outside the float32 range (±3.4e38)`, row, column);
    }
    const problem = classifyCell(cell);
    if (problem.kind === 'non-finite') {
      if (this.options.allowNonFinite) return problem.value;
      const given = this.options.nonFiniteSwitch;
      const allowedBy = given === undefined ? DEFAULT_NON_FINITE_SWITCH : given;
      const rule = allowedBy ? `rejected unless ${allowedBy} is set` : 'not accepted here';
      this.failAt(lineNumber, `cell ${quote(cell)} is not finite; NaN/Inf values are ${rule}`, row, column);
    }
    this.failAt(lineNumber, describeProblem(problem.kind, cell), row, column);
  }

  private parseLabel(cell: string, lineNumber: number, row: number, column: number): number {
    if (this.options.classNames !== undefined) return this.knownName(cell, lineNumber, row, column);
    const value = parsePlainNumber(cell);
    if (Number.isNaN(value)) {
      const problem = classifyCell(cell).kind;
      if (problem === 'empty') this.failAt(lineNumber, 'empty cell', row, column);
      if (problem === 'not-a-number') return this.learnName(cell, lineNumber, row, column);
      this.failAt(lineNumber, `label ${quote(cell)} is not an integer class index`, row, column);
    }
    if (this.firstNameLine !== 0) this.refuseMixedLabels(cell, lineNumber, row, column);
    if (this.firstIndexLine === 0) this.firstIndexLine = lineNumber;
    if (!Number.isInteger(value) || value < 0) {
      this.failAt(lineNumber, `label ${quote(cell)} is not a non-negative integer`, row, column);
    }
    const classes = this.options.classes;
    if (value > INT32_MAX || (classes !== undefined && value >= classes)) {
      const range = classes === undefined ? `0..${INT32_MAX}` : `0..${classes - 1} for ${classes} classes`;
      this.failAt(lineNumber, `label ${quote(cell)} is out of range ${range}`, row, column);
    }
    if (value > this.maxLabel) this.maxLabel = value;
    return value;
  }

  /** A label looked up in the model's class names. */
  private knownName(cell: string, lineNumber: number, row: number, column: number): number {
    const id = this.encoder!.idOf(cell.trim());
    if (id >= 0) return id;
    const classes = this.options.classNames!;
    const some = classes.slice(0, 5).map(quote).join(', ');
    const list = classes.length > 5 ? `${some}, …` : some;
    return this.failAt(
      lineNumber,
      `label ${quote(cell.trim())} is not one of the model's ${classes.length} classes (${list})`,
      row,
      column,
    );
  }

  /** A class name met while learning the names: its provisional id. */
  private learnName(cell: string, lineNumber: number, row: number, column: number): number {
    if (this.firstIndexLine !== 0) this.refuseMixedLabels(cell, lineNumber, row, column);
    if (this.firstNameLine === 0) this.firstNameLine = lineNumber;
    this.encoder ??= new ClassNameEncoder();
    const id = this.encoder.idOf(cell.trim());
    if (id === NAME_TOO_LONG) {
      this.failAt(
        lineNumber,
        `label ${quote(cell)} is longer than ${MAX_CLASS_NAME_CHARS} characters`,
        row,
        column,
      );
    }
    if (id === TOO_MANY_NAMES) {
      this.failAt(
        lineNumber,
        `label ${quote(cell)} would be class ${MAX_CLASS_NAMES + 1}; at most ${MAX_CLASS_NAMES} class names are supported`,
        row,
        column,
      );
    }
    if (id === UNKNOWN_NAME) throw new Error('a learning encoder knows every name');
    return id;
  }

  /** Labels are all class indices or all names: a mix has no single meaning. */
  private refuseMixedLabels(cell: string, lineNumber: number, row: number, column: number): never {
    const sawNames = this.firstNameLine !== 0;
    const kind = sawNames ? 'a class index' : 'a name';
    const before = sawNames
      ? `line ${this.firstNameLine}'s label is a name`
      : `line ${this.firstIndexLine}'s label is a class index`;
    return this.failAt(
      lineNumber,
      `label ${quote(cell)} is ${kind}, but ${before}; use names for every class or class indices for every class`,
      row,
      column,
    );
  }

  private failAt(lineNumber: number, detail: string, row?: number, column?: number): never {
    const where = row === undefined ? `line ${lineNumber}` : `row ${row} (line ${lineNumber})`;
    const name = column === undefined ? '' : `, column ${this.layout?.names[column] ?? column + 1}`;
    throw new DataError(`${this.source}: ${where}${name}: ${detail}`);
  }
}

function validateOptions(options: CsvReadOptions): void {
  if (options.dtype !== 'f32' && options.dtype !== 'f64') {
    throw new UsageError(`dtype must be 'f32' or 'f64', got ${JSON.stringify(options.dtype)}`);
  }
  const classes = options.classes;
  if (classes !== undefined && !(Number.isInteger(classes) && classes >= 1 && classes <= INT32_MAX)) {
    throw new UsageError(`classes must be a positive integer, got ${classes}`);
  }
}

function mebibytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim().length === 0);
}

function describeProblem(kind: 'empty' | 'overflow' | 'not-a-number', cell: string): string {
  if (kind === 'empty') return 'empty cell';
  if (kind === 'overflow') return `cell ${quote(cell)} is too large for a 64-bit float`;
  return `cell ${quote(cell)} is not a number`;
}

/** A cell as it appears in messages: quoted, and shortened if long. */
function quote(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell);
}
