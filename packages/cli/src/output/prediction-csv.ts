/** The CSV `shardwise predict` writes: `label,p0,p1,…` for classifiers, `y0,y1,…` for regression. */

import { type FloatArray, LOSSES, type Loss } from '@shardwise/core';
import { formatCsvRow } from '../io/csv-writer.js';

/** The header line: the predicted label and class probabilities, or the regression outputs. */
export function predictionHeader(loss: Loss, outputs: number): string {
  const classification = LOSSES[loss].classification;
  const columns = Array.from({ length: outputs }, (_, index) => `${classification ? 'p' : 'y'}${index}`);
  return classification ? `label,${columns.join(',')}` : columns.join(',');
}

/** Index of the largest of `width` values starting at `offset` (the first on ties). */
export function argmaxAt(values: FloatArray, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[offset + j]! > values[offset + best]!) best = j;
  return best;
}

/** Lines (each ending in a newline) for a block of prediction rows, `outputs` values per row. */
export function formatPredictionRows(loss: Loss, outputs: number, predictions: FloatArray): string {
  const rows = predictions.length / outputs;
  const classification = LOSSES[loss].classification;
  let text = '';
  for (let row = 0; row < rows; row++) {
    const offset = row * outputs;
    const values = formatCsvRow(predictions.subarray(offset, offset + outputs));
    text += classification ? `${argmaxAt(predictions, offset, outputs)},${values}\n` : `${values}\n`;
  }
  return text;
}
