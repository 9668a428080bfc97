// A projection, not a measurement: what the engine's cross-rank exchange would cost per step on a
// real network, from the bytes its collective moves. The engine exchanges with an in-place
// MPI_Allgatherv of the shard gradient slots: with R ranks of W workers there are S = R·W shards
// of P parameters, and every rank must receive the R − 1 other ranks' blocks of W·P values. In a
// ring (or any schedule over full-duplex links of bandwidth β) that takes
//
//   t ≈ (R − 1) · W · P · b / β  +  (2 (R − 1) + ⌈log2 R⌉) · α
//
// b bytes per value (4 for f32), α the latency of one message: R − 1 ring steps for the slots and
// as many for the shard statistics (whose bytes are negligible), and ⌈log2 R⌉ for the one-number
// stop agreement. The whole job moves R times the per-rank bytes. For comparison, a ring
// MPI_Allreduce of the summed gradient (the fast combine that is not layout-identical) moves
// 2 (R − 1) / R · P · b per rank, which does not grow with R or W.

/** Parameters (weights and biases) of an MLP with layer widths `sizes`. */
export function parameterCount(sizes) {
  let count = 0;
  for (let i = 0; i + 1 < sizes.length; i++) count += sizes[i] * sizes[i + 1] + sizes[i + 1];
  return count;
}

/** `784-256-10 relu, ce` → [784, 256, 10]. */
export function sizesOfModel(model) {
  return model.split(' ')[0].split('-').map(Number);
}

/** Bytes one rank receives per step through the allgatherv of the slots. */
export function allgatherBytesPerRank({ ranks, workers, parameters, bytesPerValue }) {
  return (ranks - 1) * workers * parameters * bytesPerValue;
}

/** Bytes one rank sends (and receives) per step in a ring allreduce of the gradient. */
export function allreduceBytesPerRank({ ranks, parameters, bytesPerValue }) {
  return ((2 * (ranks - 1)) / ranks) * parameters * bytesPerValue;
}

/** Messages on the critical path of one exchange (slots, statistics, stop agreement). */
export function exchangeMessages(ranks) {
  return 2 * (ranks - 1) + Math.ceil(Math.log2(ranks));
}

/** Projected milliseconds of one exchange: bytes at `gbits` Gbit/s plus `messages` latencies of `latencyUs`. */
export function projectedMs(bytes, gbits, messages, latencyUs) {
  return ((bytes * 8) / (gbits * 1e9)) * 1e3 + (messages * latencyUs) / 1e3;
}
