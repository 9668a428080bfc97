/**
 * The data description a checkpoint carries besides the architecture: the CSV columns the model
 * reads (by name) and its class names, as JSON metadata strings. Read back as untrusted input.
 */

import type { MlpConfig } from '@shardwise/core';
import { classNamesProblem } from '../io/class-names.js';
import type { ColumnMapping } from '../io/column-selection.js';
import { META, type ProblemReporter } from './checkpoint-format.js';

/** Longest column name a checkpoint may record, in UTF-16 code units. */
export const MAX_COLUMN_NAME_CHARS = 1024;

/** What the data description adds to a checkpoint. */
export interface DataDescription {
  readonly classNames: readonly string[] | null;
  readonly columns: ColumnMapping | null;
}

/** The metadata entries for `description` (none for what is absent); a bad one is `problem`'s error. */
export function dataDescriptionToMetadata(
  description: Partial<DataDescription>,
  config: MlpConfig,
  problem: ProblemReporter,
): Record<string, string> {
  const { classNames = null, columns = null } = description;
  checkDataDescription({ classNames, columns }, config, problem);
  const entries: Record<string, string> = {};
  if (classNames !== null) entries[META.classNames] = JSON.stringify(classNames);
  if (columns !== null) {
    const { features, label, targets } = columns;
    entries[META.columns] = JSON.stringify({ features, label, targets });
  }
  return entries;
}

/** Reads and checks the data description; any fault is `problem`'s error. */
export function dataDescriptionFromMetadata(
  metadata: Readonly<Record<string, string>>,
  config: MlpConfig,
  problem: ProblemReporter,
): DataDescription {
  const classText = metadata[META.classNames];
  const columnText = metadata[META.columns];
  const classNames =
    classText === undefined ? null : (parseJson(classText, META.classNames, problem) as string[]);
  let columns: ColumnMapping | null = null;
  if (columnText !== undefined) {
    const parsed = parseJson(columnText, META.columns, problem);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw problem(`metadata "${META.columns}" is not an object of features, label and targets`);
    }
    const { features, label, targets } = parsed as Record<string, unknown>;
    columns = { features, label, targets } as ColumnMapping;
  }
  checkDataDescription({ classNames, columns }, config, problem);
  return { classNames, columns };
}

/** Class names fit the outputs of a classifier; the columns are names that fit the model's widths. */
function checkDataDescription(
  description: DataDescription,
  config: MlpConfig,
  problem: ProblemReporter,
): void {
  const outputs = config.sizes[config.sizes.length - 1]!;
  const { classNames, columns } = description;
  if (classNames !== null) {
    if (config.loss !== 'ce')
      throw problem(`metadata "${META.classNames}" is only for a classifier (loss ce)`);
    const fault = classNamesProblem(classNames, outputs);
    if (fault !== null) throw problem(`metadata "${META.classNames}" ${fault}`);
  }
  if (columns === null) return;
  const bad = (detail: string) => problem(`metadata "${META.columns}" ${detail}`);
  const { features, label, targets } = columns;
  if (!isNameList(features) || features.length !== config.sizes[0]) {
    throw bad(`must list ${config.sizes[0]} feature column names (the model's inputs)`);
  }
  if (!(label === null || isName(label))) throw bad('has a label that is not a column name');
  if (!isNameList(targets)) throw bad('has targets that are not a list of column names');
  if (label !== null && targets.length > 0) throw bad('has both a label column and target columns');
  if (targets.length > 0 && targets.length !== outputs) {
    throw bad(`lists ${targets.length} target columns for ${outputs} outputs`);
  }
  const all = [...features, ...(label === null ? [] : [label]), ...targets];
  if (new Set(all).size !== all.length) throw bad('names a column twice');
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_COLUMN_NAME_CHARS;
}

function isNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isName);
}

function parseJson(text: string, key: string, problem: ProblemReporter): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw problem(`metadata "${key}" is not valid JSON`);
  }
}
