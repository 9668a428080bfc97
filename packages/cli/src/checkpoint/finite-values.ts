import type { FloatArray } from '@shardwise/core';

/** Index of the first NaN or ±Infinity in `values`, or -1. */
export function firstNonFinite(values: FloatArray): number {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    // value - value is NaN exactly for NaN and ±Infinity.
    if (value - value !== 0) return i;
  }
  return -1;
}
