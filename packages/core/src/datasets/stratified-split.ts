// A seeded validation split that keeps each class's share, as scikit-learn's
// `train_test_split(stratify=y)`, with deterministic rounding and tie-breaking.

import type { Rng } from '../rng.js';
import { type Dataset, subsetRows, validationRowCount } from './dataset.js';

/**
 * Validation rows per class when `held` of the rows described by `counts` (rows per class) are
 * held out. Class c's exact share is q_c = held × n_c / N; it gets ⌊q_c⌋, and the rows still
 * missing go one each to the classes with the largest remainders q_c − ⌊q_c⌋ (equal remainders:
 * the lower class index first); this is the largest-remainder rounding of scikit-learn's
 * `_approximate_mode`, whose ties are random instead. Bounds come first where the split allows
 * them: every class with ≥ 2 rows gets at least one validation row (when `held` ≥ the number of
 * such classes), and every class keeps at least one training row (when N − `held` ≥ the number
 * of classes present; a class of one row then stays in training). Within the bounds, rows are
 * added by largest remainder and, past the bounds, removed from the class furthest above its share.
 */
export function stratifiedValidationCounts(counts: readonly number[], held: number): number[] {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (!(Number.isSafeInteger(held) && held >= 0 && held <= total)) {
    throw new Error(`stratifiedValidationCounts: cannot hold out ${held} of ${total} rows`);
  }
  const withTwo = counts.filter((n) => n >= 2).length;
  const present = counts.filter((n) => n >= 1).length;
  const low = counts.map((n) => (held >= withTwo && n >= 2 ? 1 : 0));
  const high = counts.map((n) => (total - held >= present && n >= 1 ? n - 1 : n));
  const share = counts.map((n) => (total === 0 ? 0 : (held * n) / total));
  const given = share.map((q, c) => Math.min(high[c]!, Math.max(low[c]!, Math.floor(q))));
  let sum = given.reduce((s, v) => s + v, 0);
  // Each pass moves one row; at most `counts.length + held` passes, since every bound is met by then.
  while (sum < held) {
    const c = pick(
      counts.length,
      (c) => given[c]! < high[c]!,
      (c) => share[c]! - given[c]!,
    );
    given[c]!++;
    sum++;
  }
  while (sum > held) {
    const c = pick(
      counts.length,
      (c) => given[c]! > low[c]!,
      (c) => given[c]! - share[c]!,
    );
    given[c]!--;
    sum--;
  }
  return given;
}

/** The class allowed by `ok` with the largest `score` (the lowest index among equals). */
function pick(classes: number, ok: (c: number) => boolean, score: (c: number) => number): number {
  let best = -1;
  for (let c = 0; c < classes; c++) {
    if (ok(c) && (best < 0 || score(c) > score(best))) best = c;
  }
  if (best < 0) throw new Error('stratifiedValidationCounts: no class can take the row (bounds exhausted)');
  return best;
}

/**
 * Splits off `validationRowCount(rows, fraction)` rows as a validation set whose class counts are
 * `stratifiedValidationCounts`. The rows are drawn by one seeded shuffle of all row indices: each
 * class's validation rows are its first ones in the shuffled order. Both parts keep the original row
 * order. Same rng state → same split; the rng advances exactly as in `splitTrainValidation`.
 * Needs class labels; with fraction 0 returns `d` itself and no validation set.
 */
export function stratifiedSplit(
  d: Dataset,
  fraction: number,
  rng: Rng,
): {
  /** The rows kept for training (`d` itself when `fraction` is 0). */
  train: Dataset;
  /** The held-out rows, or null when `fraction` is 0. */
  validation: Dataset | null;
} {
  if (d.labels === null) throw new Error('stratifiedSplit needs class labels');
  if (!(fraction >= 0 && fraction < 1)) {
    throw new Error(`Validation fraction must be in [0, 1), got ${fraction}`);
  }
  if (fraction === 0) return { train: d, validation: null };
  const held = validationRowCount(d.rows, fraction);
  if (held >= d.rows) {
    throw new Error(`Validation fraction ${fraction} of ${d.rows} rows leaves no training rows`);
  }
  const counts = new Array<number>(d.classes).fill(0);
  for (let r = 0; r < d.rows; r++) counts[d.labels[r]!]!++;
  const wanted = stratifiedValidationCounts(counts, held);
  const order = new Int32Array(d.rows);
  for (let i = 0; i < d.rows; i++) order[i] = i;
  rng.shuffle(order);
  const isValidation = new Uint8Array(d.rows);
  for (let i = 0; i < d.rows; i++) {
    const row = order[i]!;
    const label = d.labels[row]!;
    if (wanted[label]! > 0) {
      wanted[label]!--;
      isValidation[row] = 1;
    }
  }
  const validationIndices = new Int32Array(held);
  const trainIndices = new Int32Array(d.rows - held);
  let v = 0;
  let t = 0;
  for (let row = 0; row < d.rows; row++) {
    if (isValidation[row]) validationIndices[v++] = row;
    else trainIndices[t++] = row;
  }
  return { train: subsetRows(d, trainIndices), validation: subsetRows(d, validationIndices) };
}
