/** Medians and scaling ratios: the only arithmetic the bench reports do. */

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Throughput with `workers` over the 1-worker baseline, and that ratio per worker. */
export function scaling(
  samplesPerSecond: number,
  baselineSamplesPerSecond: number,
  workers: number,
): { speedup: number; efficiency: number } {
  const speedup = samplesPerSecond / baselineSamplesPerSecond;
  return { speedup, efficiency: speedup / workers };
}
