/** What the end-of-run report says, gathered from the epoch history and the trainer. */

import type { BestEpoch } from '../trainer/best-epoch.js';
import type { EpochMetrics } from '../trainer/train-options.js';

export interface RunSummary {
  /** Epochs done in total (including those of a resumed checkpoint). */
  readonly epochs: number;
  /** Figures of the last epoch run by this process; absent when none ran. */
  readonly loss?: number;
  readonly accuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  /** Wall time of the whole run, start-up included. */
  readonly seconds: number;
  /** Training throughput over the epochs run by this process. */
  readonly samplesPerSecond: number;
  readonly workers: number;
  /** MPI ranks, each with `workers` threads (1 in a single process); absent where not known. */
  readonly ranks?: number;
  /** The kernels the workers ran (what `--kernels auto` resolved to); absent where not known. */
  readonly kernels?: string;
  readonly parameters: number;
  /** The checkpoint written, or null. */
  readonly out: string | null;
  /** Why the run ended before its last epoch (see RunStop); null when it ran them all. */
  readonly stopped: RunStop | null;
  /** The epoch with the lowest validation loss (with --early-stopping or --restore-best). */
  readonly best?: BestEpoch;
}

/**
 * Why a run ended early: `early-stopping` (no validation improvement for the patience), the signal
 * that stopped it (`SIGINT`, `SIGTERM`), or `requested` (a stop asked for otherwise, e.g. stdout closed).
 */
export type RunStop = 'early-stopping' | 'SIGINT' | 'SIGTERM' | 'requested';

export interface RunFacts {
  readonly epochs: number;
  readonly seconds: number;
  readonly workers: number;
  readonly ranks?: number;
  readonly kernels?: string;
  readonly parameters: number;
  readonly out: string | null;
  readonly stopped: RunStop | null;
  readonly best: BestEpoch | null;
}

export function summarizeRun(history: readonly EpochMetrics[], facts: RunFacts): RunSummary {
  const last = history.at(-1);
  let samples = 0;
  let trainingSeconds = 0;
  for (const epoch of history) {
    samples += epoch.samplesPerSecond * epoch.seconds;
    trainingSeconds += epoch.seconds;
  }
  return {
    epochs: facts.epochs,
    loss: last?.loss,
    accuracy: last?.accuracy,
    valLoss: last?.valLoss,
    valAccuracy: last?.valAccuracy,
    seconds: facts.seconds,
    samplesPerSecond: trainingSeconds > 0 ? samples / trainingSeconds : 0,
    workers: facts.workers,
    ...(facts.ranks !== undefined && { ranks: facts.ranks }),
    ...(facts.kernels !== undefined && { kernels: facts.kernels }),
    parameters: facts.parameters,
    out: facts.out,
    stopped: facts.stopped,
    ...(facts.best && { best: facts.best }),
  };
}
