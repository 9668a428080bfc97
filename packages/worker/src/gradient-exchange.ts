import type { FloatArray } from '@shardwise/core';

/**
 * How the shard gradients of a step reach every process before the reduction: the engine's seam
 * between one process and many. Each process (rank) computes the shards
 * [shardStart(S, ranks, rank), shardStart(S, ranks, rank + 1)) of every batch into their slots;
 * `combine` then fills in every other rank's slots and shard statistics, so that every rank reduces
 * all S slots in shard order and applies the same update, bit for bit. (An exchange may instead
 * leave the whole combined gradient in slot 0 with shard 0's statistics carrying the batch and the
 * other shards weighing 0, as MpiAllreduceExchange does: the reduction is then a copy.)
 */
export interface GradientExchange {
  /** Processes taking part (1: this one alone). */
  readonly ranks: number;
  /** This process's index among them. */
  readonly rank: number;
  /**
   * False for the in-process exchange, which has nothing to do: the workers then pass the step's
   * compute barrier on their own. True: the engine's thread runs `combine` while they wait there.
   */
  readonly crossesProcesses: boolean;
  /** Prepares the views it exchanges, once: every slot back to back, and every shard's statistics. */
  attach(slots: FloatArray, shardStats: Float64Array, shards: number, statFields: number): void;
  /**
   * Between a step's compute barrier and its reduction, on the thread that created the engine:
   * afterwards every slot and shard statistic holds every rank's values. `stopWanted`: this rank
   * was asked to stop; returns whether any rank was, so that every rank stops after the same step.
   */
  combine(stopWanted: boolean): boolean;
  /** Seconds spent in `combine` since the last reset. */
  seconds(): number;
  /** Zeroes the time `seconds` reports. */
  resetSeconds(): void;
}

/** Today's exchange within one process: every shard is computed here, nothing moves. */
export const IN_PROCESS_EXCHANGE: GradientExchange = {
  ranks: 1,
  rank: 0,
  crossesProcesses: false,
  attach: () => {},
  combine: (stopWanted) => stopWanted,
  seconds: () => 0,
  resetSeconds: () => {},
};
