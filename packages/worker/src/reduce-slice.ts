import type { FloatArray } from '@shardwise/core';

/**
 * The weighted average of the shard gradients over one slice [from, to) of the parameter vector:
 * out[i] = Σ_s weights[s] · slots[s][i], summed in shard order so the result is deterministic.
 * With weights = shard rows / batch rows this is exactly the full-batch gradient (a plain 1/N
 * mean of shard means is wrong when shards differ in size). Shards with weight 0 are skipped.
 */
export function reduceSlice(
  slots: readonly FloatArray[],
  weights: Float64Array,
  shards: number,
  from: number,
  to: number,
  out: FloatArray,
): void {
  let first = true;
  for (let s = 0; s < shards; s++) {
    const w = weights[s]!;
    if (w === 0) continue;
    const g = slots[s]!;
    if (first) for (let i = from; i < to; i++) out[i] = w * g[i]!;
    else for (let i = from; i < to; i++) out[i] = out[i]! + w * g[i]!;
    first = false;
  }
  if (first) out.fill(0, from, to);
}
