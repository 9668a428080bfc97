// One epoch's running sums (loss, correct rows, rows, step time) and its position, for metrics and mid-epoch checkpoints.

import type { Evaluation } from '@shardwise/core';
import type { EpochPosition } from './resume-settings.js';
import type { EpochMetrics } from './train-options.js';

/** The epoch under way: how far it has run and what its steps added up to. */
export class EpochAccumulator {
  /** Steps of the epoch done so far; 0 between epochs. */
  step = 0;
  /** Seconds spent in steps (not validation or callbacks). */
  trainSeconds = 0;
  private lossSum = 0;
  private correct = 0;
  private rows = 0;
  private started = 0;
  private startRng_: number[] | null = null;

  /** The RNG position at the epoch's start: a mid-epoch checkpoint saves it so resume re-shuffles the same order. */
  get startRng(): number[] {
    return this.startRng_!;
  }

  /** Starts an epoch whose shuffle began at RNG position `startRng`. */
  begin(startRng: number[]): void {
    this.startRng_ = startRng;
    this.lossSum = 0;
    this.correct = 0;
    this.rows = 0;
    this.trainSeconds = 0;
    this.started = performance.now();
  }

  /** Continues a begun epoch from a saved position (resume). */
  continueAt(position: EpochPosition): void {
    this.step = position.step;
    this.lossSum = position.lossSum;
    this.correct = position.correct;
    this.rows = position.rows;
  }

  /** Adds one step's mean loss, correct count and rows. */
  add(loss: number, correct: number, rows: number): void {
    this.lossSum += loss;
    this.correct += correct;
    this.rows += rows;
  }

  /** Where the epoch stands, for a mid-epoch checkpoint. */
  position(): EpochPosition {
    return { step: this.step, lossSum: this.lossSum, correct: this.correct, rows: this.rows };
  }

  /**
   * The epoch's figures: mean step loss over the steps done (all `stepsPerEpoch` once it is
   * complete and `step` is back to 0), accuracy (classification only) and validation results.
   */
  metrics(
    epoch: number,
    stepsPerEpoch: number,
    classification: boolean,
    validation: Evaluation | null,
  ): EpochMetrics {
    const steps = Math.max(1, this.step === 0 ? stepsPerEpoch : this.step);
    return {
      epoch,
      loss: this.lossSum / steps,
      ...(classification && { accuracy: this.correct / Math.max(1, this.rows) }),
      ...(validation && { valLoss: validation.loss }),
      ...(validation && classification && { valAccuracy: validation.accuracy! }),
      samplesPerSecond: this.rows / Math.max(this.trainSeconds, 1e-9),
      seconds: (performance.now() - this.started) / 1000,
    };
  }
}
