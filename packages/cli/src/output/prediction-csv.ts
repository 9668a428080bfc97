/**
 * The CSV `shardwise predict` writes: any passed-through columns first, then `label,p0,p1,…` for
 * classifiers (`label,p_cat,p_dog,…` with the model's class names, the label then being the
 * name) or `y0,y1,…` for regression.
 */

import { type FloatArray, LOSSES, type Loss } from '@shardwise/core';
import { csvField, formatCsvRow } from '../io/csv-writer.js';

/** What a prediction CSV carries besides the model's outputs. */
export interface PredictionColumns {
  /** The model's class names (index i for output i); null: labels are written as indices. */
  readonly classNames?: readonly string[] | null;
  /** Names of the columns passed through from the input, written first. */
  readonly keptNames?: readonly string[];
}

/** The names of the columns the model's outputs fill: `label` and one per class, or `y0…`. */
export function outputColumnNames(
  loss: Loss,
  outputs: number,
  classNames: readonly string[] | null,
): string[] {
  const classification = LOSSES[loss].classification;
  const values = Array.from({ length: outputs }, (_, index) =>
    classification ? (classNames === null ? `p${index}` : `p_${classNames[index]}`) : `y${index}`,
  );
  return classification ? ['label', ...values] : values;
}

/** The header line: passed-through columns, the predicted label and class probabilities, or the regression outputs. */
export function predictionHeader(loss: Loss, outputs: number, columns: PredictionColumns = {}): string {
  const names = [
    ...(columns.keptNames ?? []),
    ...outputColumnNames(loss, outputs, columns.classNames ?? null),
  ];
  return names.map(csvField).join(',');
}

/** Index of the largest of `width` values starting at `offset` (the first on ties). */
export function argmaxAt(values: FloatArray, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[offset + j]! > values[offset + best]!) best = j;
  return best;
}

/**
 * Lines (each ending in a newline) for a block of prediction rows, `outputs` values per row.
 * `kept` holds the passed-through cells of these rows, row-major (`keptNames.length` per row).
 */
export function formatPredictionRows(
  loss: Loss,
  outputs: number,
  predictions: FloatArray,
  columns: PredictionColumns = {},
  kept: readonly string[] = [],
): string {
  const rows = predictions.length / outputs;
  const classification = LOSSES[loss].classification;
  const names = columns.classNames ?? null;
  const width = columns.keptNames?.length ?? 0;
  // Class names are quoted once, not once per row.
  const labels = names?.map(csvField) ?? null;
  let text = '';
  for (let row = 0; row < rows; row++) {
    for (let k = 0; k < width; k++) text += `${csvField(kept[row * width + k]!)},`;
    const offset = row * outputs;
    const values = formatCsvRow(predictions.subarray(offset, offset + outputs));
    if (classification) {
      const best = argmaxAt(predictions, offset, outputs);
      text += `${labels === null ? best : labels[best]},`;
    }
    text += `${values}\n`;
  }
  return text;
}
