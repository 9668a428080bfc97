import type { FloatArray } from '@shardwise/core';
import type { MpiBinding } from '@shardwise/mpi';
import type { GradientExchange } from './gradient-exchange.js';
import { shardStart } from './shard-planner.js';

/** Largest element count of one MPI call (its counts are C ints). */
const MAX_MPI_COUNT = 2 ** 31 - 1;

/**
 * Each rank's block of a per-shard array in an MPI_Allgatherv: rank r holds its shards (as the
 * shard planner spreads them), `perShard` values each, contiguous in shard order.
 */
export function rankBlocks(
  shards: number,
  ranks: number,
  perShard: number,
  counts: Int32Array,
  displs: Int32Array,
): void {
  for (let r = 0; r < ranks; r++) {
    const first = shardStart(shards, ranks, r);
    displs[r] = first * perShard;
    counts[r] = (shardStart(shards, ranks, r + 1) - first) * perShard;
  }
}

/**
 * The exchange across MPI ranks: an in-place MPI_Allgatherv of the gradient slots (rank r's block
 * is the slots of its own shards, contiguous in shard order) and one of the shard statistics,
 * straight over the run's shared memory, then a one-number MPI_Allreduce that agrees on stopping.
 * Every rank then holds every shard's gradient and reduces them in shard order itself, so the
 * result does not depend on how shards are spread over ranks and threads (a plain MPI_Allreduce
 * of partial sums would: its summation order changes with the number of ranks). All calls come
 * from the thread that called `mpi.init()` (MPI_THREAD_FUNNELED): the engine's main thread.
 */
export class MpiGradientExchange implements GradientExchange {
  readonly crossesProcesses = true;
  private slots: FloatArray | null = null;
  private stats: Float64Array | null = null;
  private readonly slotCounts: Int32Array;
  private readonly slotDispls: Int32Array;
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
    this.slotCounts = new Int32Array(ranks);
    this.slotDispls = new Int32Array(ranks);
    this.statCounts = new Int32Array(ranks);
    this.statDispls = new Int32Array(ranks);
  }

  attach(slots: FloatArray, shardStats: Float64Array, shards: number, statFields: number): void {
    const paramCount = slots.length / shards;
    if (slots.length > MAX_MPI_COUNT) {
      throw new RangeError(
        `the ${shards} shard gradients hold ${slots.length} values, more than one MPI call can send (2^31 - 1): use fewer shards`,
      );
    }
    rankBlocks(shards, this.ranks, paramCount, this.slotCounts, this.slotDispls);
    rankBlocks(shards, this.ranks, statFields, this.statCounts, this.statDispls);
    this.slots = slots;
    this.stats = shardStats.subarray(0, shards * statFields);
  }

  combine(stopWanted: boolean): boolean {
    const started = performance.now();
    this.mpi.allgatherv(this.slots!, this.slotCounts, this.slotDispls);
    this.mpi.allgatherv(this.stats!, this.statCounts, this.statDispls);
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
