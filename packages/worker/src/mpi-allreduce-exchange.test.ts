// The allreduce exchange's bookkeeping on one rank, with a stand-in MPI that plays the other rank
// (the real collectives run under mpirun in test/mpi/mpi-allreduce.test.ts): after `combine` the
// workers' unchanged reduction and loss must give the full-batch weighted gradient and loss.
import { describe, expect, it } from 'vitest';
import { MpiAllreduceExchange } from './mpi-allreduce-exchange.js';
import { reduceSlice } from './reduce-slice.js';

const P = 7;
const FIELDS = 3; // loss, correct rows, weight sum
const SHARDS = 3;

/** What the step loop does after the exchange: weights from the stats, the reduction, the loss. */
function stepAfterExchange(slots: Float64Array[], stats: Float64Array) {
  let batchWeight = 0;
  for (let s = 0; s < SHARDS; s++) batchWeight += stats[FIELDS * s + 2]!;
  const weights = Float64Array.from({ length: SHARDS }, (_, s) =>
    batchWeight > 0 ? stats[FIELDS * s + 2]! / batchWeight : 0,
  );
  const out = new Float64Array(P);
  reduceSlice(slots, weights, SHARDS, 0, P, out);
  let loss = 0;
  let correct = 0;
  for (let s = 0; s < SHARDS; s++) {
    if (weights[s] !== 0) loss += weights[s]! * stats[FIELDS * s]!;
    correct += stats[FIELDS * s + 1]!;
  }
  return { out, loss, correct };
}

describe('MpiAllreduceExchange', () => {
  // Rank 0 of 2 owns shards 0 and 1 (summed in place into slot 0), rank 1 shard 2; 4, 3, 5 rows.
  const rows = [4, 3, 5];
  const losses = [0.7, 1.1, 0.4];
  const correct = [2, 1, 3];
  const gradients = rows.map((_, s) => Float64Array.from({ length: P }, (_, i) => (s + 1) * 0.3 - i * 0.05));

  it('leaves slot 0 with the weighted sum over every rank, and shard 0 carrying the whole batch', () => {
    const all = new Float64Array(SHARDS * P);
    const slots = [0, 1, 2].map((s) => all.subarray(s * P, (s + 1) * P));
    slots[0]!.set(gradients[0]!);
    slots[1]!.set(gradients[1]!);
    const stats = new Float64Array(SHARDS * FIELDS + 2).fill(-9); // spare tail: left alone
    for (const s of [0, 1]) stats.set([losses[s]!, correct[s]!, rows[s]!], FIELDS * s);
    const calls: string[] = [];
    const fakeMpi = {
      allgatherv(data: Float32Array | Float64Array, counts: Int32Array, displs: Int32Array) {
        calls.push(`allgatherv ${data.length} [${counts}] [${displs}]`);
        data.set([losses[2]!, correct[2]!, rows[2]!], 2 * FIELDS); // rank 1's block
      },
      allreduceSum(data: Float32Array | Float64Array) {
        calls.push(`allreduceSum ${data.length}`);
        // Rank 1's part: its one shard, weighted by its rows' share of the batch.
        if (data.length === P) for (let i = 0; i < P; i++) data[i]! += (5 / 12) * gradients[2]![i]!;
      },
    };
    const exchange = new MpiAllreduceExchange(fakeMpi, 0, 2);
    exchange.attach(all, stats, SHARDS, FIELDS);
    expect(exchange.combine(false)).toBe(false);
    expect(calls).toEqual([
      `allgatherv ${SHARDS * FIELDS} [6,3] [0,6]`,
      `allreduceSum ${P}`,
      'allreduceSum 1',
    ]);
    expect(Array.from(stats.subarray(SHARDS * FIELDS))).toEqual([-9, -9]);

    const { out, loss, correct: right } = stepAfterExchange(slots, stats);
    for (let i = 0; i < P; i++) {
      const full = (4 * gradients[0]![i]! + 3 * gradients[1]![i]! + 5 * gradients[2]![i]!) / 12;
      expect(out[i]).toBeCloseTo(full, 14);
    }
    expect(loss).toBeCloseTo((4 * 0.7 + 3 * 1.1 + 5 * 0.4) / 12, 14);
    expect(right).toBe(6);
  });

  it('sums nothing from a batch that weighs 0, and passes a stop on', () => {
    const all = new Float64Array(SHARDS * P).fill(1);
    const stats = new Float64Array(SHARDS * FIELDS); // every weight sum 0
    stats[FIELDS + 1] = 2;
    // A lone rank's view of the collectives: every sum is its own.
    const exchange = new MpiAllreduceExchange({ allgatherv: () => {}, allreduceSum: () => {} }, 1, 2);
    exchange.attach(all, stats, SHARDS, FIELDS);
    expect(exchange.combine(true)).toBe(true);
    const slots = [0, 1, 2].map((s) => all.subarray(s * P, (s + 1) * P));
    const { out, loss, correct } = stepAfterExchange(slots, stats);
    expect(Array.from(out)).toEqual(new Array(P).fill(0));
    expect(loss).toBe(0);
    expect(correct).toBe(2);
  });
});
