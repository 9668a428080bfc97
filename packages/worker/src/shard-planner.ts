/**
 * Splits `rows` batch rows into `shards` contiguous shards whose sizes differ by at most one:
 * the first `rows % shards` shards get one extra row. Shard `s` is [shardStart(s), shardStart(s+1)).
 * A closed form, so each worker finds its own bounds without a table or a message.
 */
export function shardStart(rows: number, shards: number, s: number): number {
  const base = Math.floor(rows / shards);
  const extra = rows - base * shards;
  return s * base + Math.min(s, extra);
}

/** Rows in shard `s`. */
export function shardRows(rows: number, shards: number, s: number): number {
  return shardStart(rows, shards, s + 1) - shardStart(rows, shards, s);
}

/** All shard bounds `[b0 = 0, b1, …, bN = rows]`, for callers off the hot path. */
export function planShards(rows: number, shards: number): number[] {
  if (!Number.isInteger(shards) || shards < 1)
    throw new Error(`shards must be a positive integer, got ${shards}`);
  return Array.from({ length: shards + 1 }, (_, s) => shardStart(rows, shards, s));
}

// Parameter slices start on multiples of 16 elements (64 bytes in f32), so two workers updating
// neighbouring slices never write the same cache line.
const SLICE_ALIGN = 16;

/** Worker `w`'s slice [sliceStart(w), sliceStart(w+1)) of a `count`-long parameter vector. */
export function sliceStart(count: number, workers: number, w: number): number {
  if (w >= workers) return count;
  const blocks = Math.ceil(count / SLICE_ALIGN);
  return Math.min(count, shardStart(blocks, workers, w) * SLICE_ALIGN);
}
