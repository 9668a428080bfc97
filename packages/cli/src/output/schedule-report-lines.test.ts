// The lr and the early stop in every output: plain and live lines, the summary table and JSON records.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../trainer/train-options.js';
import { epochRecord, summaryRecord } from './json-lines.js';
import { formatEpochLine, formatSummaryLine } from './plain-lines.js';
import { formatProgressLine } from './progress-line.js';
import type { RunSummary } from './run-summary.js';
import { formatSummaryTable } from './summary-table.js';

const epoch: EpochMetrics = {
  epoch: 3,
  loss: 0.5,
  valLoss: 0.25,
  lr: 0.0066666667,
  samplesPerSecond: 1000,
  seconds: 1,
};
const summary: RunSummary = {
  epochs: 7,
  loss: 0.1,
  valLoss: 0.3,
  seconds: 2,
  samplesPerSecond: 1000,
  workers: 2,
  parameters: 100,
  out: null,
  stopped: 'early-stopping',
  best: { epoch: 5, valLoss: 0.2, restored: true },
};

describe('lr and stop reporting', () => {
  it('epoch lines and the progress bar show the lr to 4 significant digits', () => {
    expect(formatEpochLine(epoch, 10)).toContain('val_loss 0.2500  lr 0.006667  1000 samples/s');
    const state = { epoch: 1, epochs: 2, step: 1, steps: 2, loss: 1, lr: 1e-5, samplesPerSecond: 5 };
    expect(formatProgressLine(state, 120)).toContain('loss 1.0000 lr 0.00001 5.0 samples/s');
  });

  it('JSON: lr in each epoch record; stopped, best epoch and restore in the summary', () => {
    expect(epochRecord(epoch)).toMatchObject({ lr: 0.0066666667 });
    expect(summaryRecord(summary)).toMatchObject({
      stopped: 'early-stopping',
      bestEpoch: 5,
      bestValLoss: 0.2,
      restoredBest: true,
    });
    const plain = summaryRecord({ ...summary, stopped: null, best: undefined });
    expect(plain.stopped).toBeNull();
    expect(plain).not.toHaveProperty('bestEpoch');
  });

  it('the summary line and table say why the run stopped and which epoch won', () => {
    expect(formatSummaryLine(summary)).toMatch(
      /stopped early-stopping {2}best epoch 5 val_loss 0\.2000 \(restored\)$/,
    );
    expect(formatSummaryTable(summary)).toMatch(
      /stopped +early-stopping\n +best epoch +5 \(val loss 0\.2000, restored\)\n$/,
    );
    expect(formatSummaryLine({ ...summary, stopped: 'SIGINT', best: undefined })).toMatch(/stopped SIGINT$/);
  });
});
