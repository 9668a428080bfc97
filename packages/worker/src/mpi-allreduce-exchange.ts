import type { FloatArray } from '@shardwise/core';
import type { MpiBinding } from '@shardwise/mpi';
import type { GradientExchange } from './gradient-exchange.js';
import { rankBlocks } from './mpi-gradient-exchange.js';
import { reduceSlice } from './reduce-slice.js';
import { shardStart } from './shard-planner.js';

/** Largest element count of one MPI call (its counts are C ints). */
const MAX_MPI_COUNT = 2 ** 31 - 1;

/** Where a shard's statistics sit among its SHARD_STAT_FIELDS: loss, correct rows, weight sum. */
const LOSS = 0;
const CORRECT = 1;
const WEIGHT_SUM = 2;

/**
 * The fast, layout-dependent exchange across MPI ranks (`mpiCombine: 'allreduce'`): the shard
 * statistics are gathered in shard order as by the ordered exchange, then each rank sums its own
 * shards' gradients, weighted by their share of the batch, in shard order into slot 0, and one
 * in-place MPI_Allreduce(SUM) of that one gradient vector adds up the ranks' sums. It moves one
 * gradient per rank instead of every shard's, but the order of the additions depends on how the
 * shards are spread over ranks (and on MPI's algorithm), so results are deterministic for one
 * layout and MPI library only. Afterwards shard 0 carries the whole batch (weight 1, the batch's
 * loss and correct rows) and every other shard weighs 0, so the workers' reduction copies slot 0
 * and the step's loss and accuracy are exactly those of the ordered exchange. All calls come from
 * the thread that called `mpi.init()` (MPI_THREAD_FUNNELED).
 */
export class MpiAllreduceExchange implements GradientExchange {
  readonly crossesProcesses = true;
  private slots: FloatArray[] = [];
  private sum: FloatArray | null = null;
  private stats: Float64Array | null = null;
  private shards = 0;
  private statFields = 0;
  private firstShard = 0;
  private endShard = 0;
  private weights = new Float64Array(0);
  private readonly statCounts: Int32Array;
  private readonly statDispls: Int32Array;
  private readonly stop = new Float64Array(1);
  private spent = 0;

  /** `mpi` initialised, this process being `rank` of `ranks`. */
  constructor(
    private readonly mpi: Pick<MpiBinding, 'allgatherv' | 'allreduceSum'>,
    readonly rank: number,
    readonly ranks: number,
  ) {
    this.statCounts = new Int32Array(ranks);
    this.statDispls = new Int32Array(ranks);
  }

  attach(slots: FloatArray, shardStats: Float64Array, shards: number, statFields: number): void {
    const paramCount = slots.length / shards;
    if (paramCount > MAX_MPI_COUNT) {
      throw new RangeError(
        `the gradient holds ${paramCount} values, more than one MPI call can send (2^31 - 1)`,
      );
    }
    rankBlocks(shards, this.ranks, statFields, this.statCounts, this.statDispls);
    this.firstShard = shardStart(shards, this.ranks, this.rank);
    this.endShard = shardStart(shards, this.ranks, this.rank + 1);
    this.slots = [];
    for (let s = this.firstShard; s < this.endShard; s++)
      this.slots.push(slots.subarray(s * paramCount, (s + 1) * paramCount));
    // Slot 0: this rank's first shard on rank 0 (summed in place), another rank's elsewhere (free).
    this.sum = slots.subarray(0, paramCount);
    this.weights = new Float64Array(this.endShard - this.firstShard);
    this.stats = shardStats.subarray(0, shards * statFields);
    this.shards = shards;
    this.statFields = statFields;
  }

  combine(stopWanted: boolean): boolean {
    const started = performance.now();
    const stats = this.stats!;
    const f = this.statFields;
    this.mpi.allgatherv(stats, this.statCounts, this.statDispls);
    // The shard weights and the batch's loss exactly as the workers compute them from all shards.
    let batchWeight = 0;
    for (let s = 0; s < this.shards; s++) batchWeight += stats[f * s + WEIGHT_SUM]!;
    let loss = 0;
    let correct = 0;
    for (let s = 0; s < this.shards; s++) {
      const weight = batchWeight > 0 ? stats[f * s + WEIGHT_SUM]! / batchWeight : 0;
      if (weight !== 0) loss += weight * stats[f * s + LOSS]!;
      correct += stats[f * s + CORRECT]!;
      if (s >= this.firstShard && s < this.endShard) this.weights[s - this.firstShard] = weight;
    }
    reduceSlice(this.slots, this.weights, this.weights.length, 0, this.sum!.length, this.sum!);
    this.mpi.allreduceSum(this.sum!);
    stats.fill(0);
    stats[LOSS] = loss;
    stats[CORRECT] = correct;
    stats[WEIGHT_SUM] = batchWeight > 0 ? 1 : 0;
    this.stop[0] = stopWanted ? 1 : 0;
    this.mpi.allreduceSum(this.stop);
    this.spent += performance.now() - started;
    return this.stop[0]! > 0;
  }

  seconds(): number {
    return this.spent / 1000;
  }

  resetSeconds(): void {
    this.spent = 0;
  }
}
