import { describe, expect, it } from 'vitest';
import type { StepMetrics } from '../trainer/train-options.js';
import { formatBar, formatProgressLine, type ProgressState } from './progress-line.js';
import { ProgressTracker } from './progress-tracker.js';

const state: ProgressState = {
  epoch: 3,
  epochs: 30,
  step: 12,
  steps: 24,
  loss: 0.41234,
  accuracy: 0.912,
  samplesPerSecond: 1234,
  etaSeconds: 12,
};

describe('progress line', () => {
  it('draws a bar filled in proportion', () => {
    expect(formatBar(0, 10)).toBe('[          ]');
    expect(formatBar(0.5, 10)).toBe('[====>     ]');
    expect(formatBar(1, 10)).toBe('[==========]');
    expect(formatBar(7, 4)).toBe('[====]');
  });

  it('shows epoch, bar, step, loss, accuracy, throughput and ETA', () => {
    const line = formatProgressLine(state, 120);
    expect(line).toMatch(
      /^epoch 3\/30 \[=+>? *\] 12\/24 loss 0\.4123 acc 0\.9120 1234 samples\/s ETA 12\.0s$/,
    );
    expect(line.length).toBeLessThan(120);
  });

  it('fits narrow terminals: no bar, then truncated, never wrapping', () => {
    expect(formatProgressLine(state, 80)).toContain('[');
    expect(formatProgressLine(state, 60)).not.toContain('[');
    expect(formatProgressLine(state, 30).length).toBe(29);
  });

  it('leaves out accuracy and ETA when unknown', () => {
    const line = formatProgressLine({ ...state, accuracy: undefined, etaSeconds: undefined }, 120);
    expect(line).not.toMatch(/acc|ETA/);
  });
});

const step = (epoch: number, index: number, loss: number, accuracy?: number): StepMetrics => ({
  epoch,
  step: index,
  steps: 4,
  globalStep: (epoch - 1) * 4 + index + 1,
  lr: 0.01,
  loss,
  ...(accuracy !== undefined && { accuracy }),
});

describe('ProgressTracker', () => {
  it('keeps running means per epoch and estimates throughput and ETA', () => {
    const tracker = new ProgressTracker({ epochsTotal: 2, stepsPerEpoch: 4, rows: 400 }, 0);
    tracker.startEpoch(0);
    const first = tracker.record(step(1, 0, 1.0, 0.5), 100);
    expect(first).toMatchObject({ epoch: 1, epochs: 2, step: 1, steps: 4, loss: 1, accuracy: 0.5 });
    expect(first.samplesPerSecond).toBeCloseTo(1000);
    expect(first.etaSeconds).toBeUndefined();
    const second = tracker.record(step(1, 1, 0.5, 1), 200);
    expect(second.loss).toBeCloseTo(0.75);
    expect(second.accuracy).toBeCloseTo(0.75);
    // 6 of 8 steps left at 0.1 s a step.
    expect(second.etaSeconds).toBeCloseTo(0.6);

    tracker.startEpoch(400);
    const next = tracker.record(step(2, 0, 0.2), 500);
    expect(next.loss).toBeCloseTo(0.2);
    expect(next.accuracy).toBeUndefined();
    expect(next.samplesPerSecond).toBeCloseTo(1000);
  });
});
