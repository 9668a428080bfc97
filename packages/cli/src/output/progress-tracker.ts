/** Turns per-step reports into the running figures the progress line shows. */

import type { StepMetrics } from '../trainer/train-options.js';
import type { ProgressState } from './progress-line.js';

export interface RunShape {
  readonly epochsTotal: number;
  readonly stepsPerEpoch: number;
  /** Training rows per epoch (for samples/s). */
  readonly rows: number;
}

export class ProgressTracker {
  private epoch = -1;
  private epochStart: number;
  private lossSum = 0;
  private accuracySum = 0;
  private stepsSeen = 0;
  private accuracySteps = 0;
  /** Steps run by this process, timed from `runStart`, for the ETA. */
  private runSteps = 0;
  private readonly runStart: number;

  constructor(
    private readonly shape: RunShape,
    startedAt: number,
  ) {
    this.epochStart = startedAt;
    this.runStart = startedAt;
  }

  /** Marks the start of an epoch (its steps are timed from here). */
  startEpoch(at: number): void {
    this.epochStart = at;
  }

  /** Records a finished step (`metrics.step` is 0-based) and returns what to draw. */
  record(metrics: StepMetrics, now: number): ProgressState {
    if (metrics.epoch !== this.epoch) this.resetEpoch(metrics.epoch);
    this.stepsSeen++;
    this.runSteps++;
    this.lossSum += metrics.loss;
    if (metrics.accuracy !== undefined) {
      this.accuracySum += metrics.accuracy;
      this.accuracySteps++;
    }
    const steps = metrics.steps || this.shape.stepsPerEpoch;
    const done = Math.min(metrics.step + 1, steps);
    const epochSeconds = (now - this.epochStart) / 1000;
    const samples = (this.shape.rows * done) / steps;
    return {
      epoch: metrics.epoch,
      epochs: this.shape.epochsTotal,
      step: done,
      steps,
      loss: this.lossSum / this.stepsSeen,
      accuracy: this.accuracySteps > 0 ? this.accuracySum / this.accuracySteps : undefined,
      lr: metrics.lr,
      samplesPerSecond: epochSeconds > 0 ? samples / epochSeconds : 0,
      etaSeconds: this.eta(metrics.epoch, done, steps, now),
    };
  }

  private resetEpoch(epoch: number): void {
    this.epoch = epoch;
    this.lossSum = 0;
    this.accuracySum = 0;
    this.stepsSeen = 0;
    this.accuracySteps = 0;
  }

  /** Remaining steps of the run times the mean step time so far. */
  private eta(epoch: number, done: number, steps: number, now: number): number | undefined {
    const elapsed = (now - this.runStart) / 1000;
    if (this.runSteps < 2 || elapsed <= 0) return undefined;
    const remaining = (this.shape.epochsTotal - epoch) * steps + (steps - done);
    return (remaining * elapsed) / this.runSteps;
  }
}
