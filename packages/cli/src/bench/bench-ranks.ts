/**
 * `shardwise bench` as one rank of an MPI job: every rank trains the same point with the MPI
 * gradient exchange (the trainer's MPI session), and they follow rank 0's timing decisions, so
 * every rank runs the same steps and calls the same collectives. Only rank 0 reports.
 */

import type { GradientExchange } from '@shardwise/worker';
import { mpiExchange, startMpi } from '../trainer/mpi-session.js';

/** The job's ranks, as the bench uses them (every call from the thread that started MPI). */
export interface BenchRanks {
  /** Processes in the job. */
  readonly size: number;
  /** This process's index among them; rank 0 reports. */
  readonly rank: number;
  /** `Open MPI v4.1.4`: the library's name and version. */
  readonly library: string;
  /** A new exchange across the ranks, for one point's engine. */
  exchange(): GradientExchange;
  /** Replaces `values` on every rank with rank 0's (a broadcast: every rank must call it). */
  followRankZero(values: Float64Array): void;
  /** Waits until every rank calls it. */
  barrier(): void;
}

/** Starts MPI in this process (see mpi-session.ts) and returns the job's ranks for the bench. */
export function mpiBenchRanks(): BenchRanks {
  const { mpi, info } = startMpi();
  return {
    size: info.size,
    rank: info.rank,
    library: info.library.split(',')[0]!.trim(),
    exchange: () => mpiExchange(),
    followRankZero: (values) => mpi.broadcast(values, 0),
    barrier: () => mpi.barrier(),
  };
}

/** `2 × 1`: ranks × workers, the layout a point ran on. */
export function formatLayout(ranks: number, workers: number): string {
  return `${ranks} × ${workers}`;
}
