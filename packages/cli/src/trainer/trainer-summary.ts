// What a trainer was set up with (Trainer.summary), for reports.

import type { MlpConfig } from '@shardwise/core';
import type { KernelBackend } from '@shardwise/worker';
import type { RunSetUp } from './create-run.js';

/** What a trainer was set up with, for reports. */
export interface TrainerSummary {
  /** Worker threads in this trainer's pool (the resolved count when `workers` was `'auto'`). */
  readonly workers: number;
  /** Processes (MPI ranks) training together, each with `workers` threads; 1 without MPI. */
  readonly ranks: number;
  /** Training rows (after the validation split). */
  readonly rows: number;
  /** Rows held out for validation; 0 without `valSplit`. */
  readonly validationRows: number;
  /** Number of trainable parameters (weights and biases). */
  readonly parameters: number;
  /** Float type of the data, parameters and arithmetic. */
  readonly dtype: MlpConfig['dtype'];
  /** Layer widths `[inputs, ...hidden, outputs]`. */
  readonly sizes: readonly number[];
  /** Steps (batches) per epoch. */
  readonly stepsPerEpoch: number;
  /** Rows per step. */
  readonly batchSize: number;
  /** The kernels the workers run (what `kernels: 'auto'` resolved to for this model and machine). */
  readonly kernels: KernelBackend;
}

/** The summary of a run just set up. */
export function summaryOf(run: RunSetUp): TrainerSummary {
  return {
    workers: run.engine.workers,
    ranks: run.engine.exchange.ranks,
    rows: run.train.rows,
    validationRows: run.validation?.rows ?? 0,
    parameters: run.mlp.layout.count,
    dtype: run.mlp.config.dtype,
    sizes: run.mlp.config.sizes,
    stepsPerEpoch: run.engine.stepsPerEpoch(),
    batchSize: run.options.batchSize,
    kernels: run.engine.kernels,
  };
}
