/** The records `shardwise bench` produces: the machine, and one result per (workload, workers) point. */

import type { DType, OptimizerKind } from '@shardwise/core';
import type { KernelBackend } from '@shardwise/worker';

/** strong: the global batch stays fixed; weak: each worker keeps its batch (global = batch × workers). */
export type ScalingMode = 'strong' | 'weak';

export const SCALING_MODES: readonly ScalingMode[] = ['strong', 'weak'];

/** Where the figures were taken; it goes in every report. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly dtype: DType;
  /** With native kernels: the CBLAS they ran on, e.g. `OpenBLAS 0.3.21, Haswell kernels`. */
  readonly blas?: string;
}

/** How a run was measured (reported with the machine). */
export interface BenchSettings {
  readonly mode: ScalingMode;
  readonly optimizer: OptimizerKind;
  readonly seconds: number;
  readonly repetitions: number;
  readonly date: string;
  /** Under MPI: the job's ranks, and the MPI library (absent in a single process). */
  readonly ranks?: number;
  readonly mpi?: string;
}

/** Mean milliseconds per step in each phase, averaged over the workers (see DataParallelEngine.phaseSeconds). */
export interface StepBreakdown {
  readonly computeMs: number;
  readonly syncMs: number;
  readonly reduceUpdateMs: number;
  /**
   * Under MPI: the cross-rank exchange on the engine's thread (allgatherv of the shard gradients
   * and statistics, and the stop agreement), waits for the slowest rank included; the workers wait
   * for it at the barrier, so `syncMs` includes it.
   */
  readonly exchangeMs?: number;
  /** Under MPI: one exchange timed alone, every rank in lockstep: the transfer without the waiting. */
  readonly exchangeAloneMs?: number;
}

/** One measured point: a workload with a worker count. */
export interface BenchPoint {
  readonly workload: string;
  /** `784-256-10 relu, ce`. */
  readonly model: string;
  readonly mode: ScalingMode;
  /** The kernels the workers ran: WebAssembly SIMD or TypeScript. */
  readonly kernels: KernelBackend;
  /** Under MPI: the ranks (processes) of the job, each with `workers` threads; absent in a single process. */
  readonly ranks?: number;
  /** Worker threads (of each rank, under MPI). */
  readonly workers: number;
  /** Rows per step of one worker in weak scaling, of the whole step in strong scaling. */
  readonly batchSize: number;
  /** Rows per optimizer step across all workers. */
  readonly globalBatch: number;
  /** Median over the repetitions. */
  readonly samplesPerSecond: number;
  readonly min: number;
  readonly max: number;
  /** samples/s of each repetition, in the order measured. */
  readonly repetitions: readonly number[];
  /** samplesPerSecond over the 1-worker point of the same workload and kernels (ranks × 1 under MPI). */
  readonly speedup: number;
  /** speedup / workers. */
  readonly efficiency: number;
  readonly breakdown: StepBreakdown;
}
