import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../trainer/train-options.js';
import { epochRecord, jsonLine, summaryRecord } from './json-lines.js';
import { formatEpochLine, formatSummaryLine } from './plain-lines.js';
import { type RunSummary, summarizeRun } from './run-summary.js';
import { formatSummaryTable } from './summary-table.js';

const ceEpoch: EpochMetrics = {
  epoch: 3,
  loss: 0.41234567,
  accuracy: 0.912,
  samplesPerSecond: 1234.4,
  seconds: 0.4123,
};
const validated: EpochMetrics = { ...ceEpoch, valLoss: 0.5, valAccuracy: 0.9 };
const mseEpoch: EpochMetrics = { epoch: 1, loss: 0.25, samplesPerSecond: 10_000, seconds: 0.1 };

const summary: RunSummary = {
  epochs: 30,
  loss: 0.1234,
  accuracy: 0.98,
  seconds: 12.34,
  samplesPerSecond: 5678,
  workers: 2,
  parameters: 4547,
  out: 'model.safetensors',
  stopped: null,
};

describe('plain lines', () => {
  it('describe an epoch on one line', () => {
    expect(formatEpochLine(ceEpoch, 30)).toBe('epoch 3/30  loss 0.4123  acc 0.9120  1234 samples/s  0.41s');
    expect(formatEpochLine(validated, 30)).toBe(
      'epoch 3/30  loss 0.4123  acc 0.9120  val_loss 0.5000  val_acc 0.9000  1234 samples/s  0.41s',
    );
    expect(formatEpochLine(mseEpoch, 5)).toBe('epoch 1/5  loss 0.2500  10000 samples/s  0.10s');
  });

  it('sum the run up on one line', () => {
    expect(formatSummaryLine(summary)).toBe(
      'done  30 epochs  loss 0.1234  acc 0.9800  5678 samples/s  12.3s  2 workers  4,547 parameters  saved model.safetensors',
    );
    expect(
      formatSummaryLine({
        ...summary,
        epochs: 1,
        loss: undefined,
        accuracy: undefined,
        workers: 1,
        out: null,
      }),
    ).toBe('done  1 epoch  5678 samples/s  12.3s  1 worker  4,547 parameters');
  });

  it('name the kernels the run resolved to, where known', () => {
    const native = { ...summary, kernels: 'native' };
    expect(formatSummaryLine(native)).toBe(
      'done  30 epochs  loss 0.1234  acc 0.9800  5678 samples/s  12.3s  2 workers  native kernels  4,547 parameters  saved model.safetensors',
    );
    expect(formatSummaryTable(native)).toContain('  workers     2\n  kernels     native\n');
    expect(summaryRecord(native)).toMatchObject({ workers: 2, kernels: 'native', parameters: 4547 });
    expect(
      summarizeRun([], {
        epochs: 0,
        seconds: 1,
        workers: 1,
        kernels: 'wasm',
        parameters: 9,
        out: null,
        stopped: null,
        best: null,
      }).kernels,
    ).toBe('wasm');
  });
});

describe('the layout under MPI', () => {
  it('shows ranks × workers; one rank reads as before, with ranks 1 in JSON', () => {
    expect(formatSummaryLine({ ...summary, ranks: 4, workers: 1 })).toContain(
      '  12.3s  4 ranks × 1 worker  4,547',
    );
    expect(formatSummaryLine({ ...summary, ranks: 1 })).toBe(formatSummaryLine(summary));
    expect(formatSummaryTable({ ...summary, ranks: 2 })).toContain('  ranks       2\n  workers     2\n');
    expect(formatSummaryTable({ ...summary, ranks: 1 })).toBe(formatSummaryTable(summary));
    expect(summaryRecord({ ...summary, ranks: 1 })).toMatchObject({ workers: 2, ranks: 1 });
    const facts = { epochs: 0, seconds: 1, workers: 2, parameters: 9, out: null, stopped: null, best: null };
    expect(summarizeRun([], { ...facts, ranks: 2 }).ranks).toBe(2);
  });
});

describe('runs where no epoch ran', () => {
  const idle = { ...summary, epochs: 0, loss: undefined, accuracy: undefined, samplesPerSecond: 0 };
  it('show no throughput', () => {
    expect(formatSummaryLine(idle)).toBe(
      'done  0 epochs  12.3s  2 workers  4,547 parameters  saved model.safetensors',
    );
    expect(formatSummaryTable(idle)).not.toContain('samples/s');
    expect(summaryRecord(idle)).toMatchObject({ epochs: 0, samplesPerSecond: 0 });
    expect(summaryRecord(idle)).not.toHaveProperty('loss');
  });
});

describe('JSON records', () => {
  it('keep full precision and the documented key order', () => {
    const line = jsonLine(epochRecord(validated));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    const record = JSON.parse(line);
    expect(Object.keys(record)).toEqual([
      'type',
      'epoch',
      'loss',
      'accuracy',
      'valLoss',
      'valAccuracy',
      'samplesPerSecond',
      'seconds',
    ]);
    expect(record.loss).toBe(0.41234567);
  });

  it('leave out accuracy for mse and validation without a split', () => {
    expect(Object.keys(epochRecord(mseEpoch))).toEqual([
      'type',
      'epoch',
      'loss',
      'samplesPerSecond',
      'seconds',
    ]);
  });

  it('describe the whole run in the summary', () => {
    expect(summaryRecord(summary)).toEqual({
      type: 'summary',
      epochs: 30,
      loss: 0.1234,
      accuracy: 0.98,
      seconds: 12.34,
      samplesPerSecond: 5678,
      workers: 2,
      parameters: 4547,
      out: 'model.safetensors',
      stopped: null,
    });
    expect(summaryRecord({ ...summary, out: null }).out).toBeNull();
  });
});

describe('summary table', () => {
  it('aligns labels and leaves out what does not apply', () => {
    expect(formatSummaryTable({ ...summary, valLoss: 0.2, valAccuracy: 0.95 })).toBe(
      [
        '  epochs        30',
        '  loss          0.1234',
        '  accuracy      0.9800',
        '  val loss      0.2000',
        '  val accuracy  0.9500',
        '  samples/s     5678',
        '  total time    12.3s',
        '  workers       2',
        '  parameters    4,547',
        '  checkpoint    model.safetensors',
        '',
      ].join('\n'),
    );
    expect(formatSummaryTable({ ...summary, accuracy: undefined, out: null })).not.toMatch(
      /accuracy|checkpoint/,
    );
  });
});

describe('summarizeRun', () => {
  it('takes the last epoch figures and the overall throughput', () => {
    const run = summarizeRun(
      [mseEpoch, { ...mseEpoch, epoch: 2, loss: 0.2, samplesPerSecond: 30_000, seconds: 0.1 }],
      {
        epochs: 2,
        seconds: 1,
        workers: 2,
        parameters: 10,
        out: null,
        stopped: null,
        best: null,
      },
    );
    expect(run.loss).toBe(0.2);
    expect(run.accuracy).toBeUndefined();
    expect(run.samplesPerSecond).toBeCloseTo(20_000);
  });

  it('has no loss when no epoch ran', () => {
    const run = summarizeRun([], {
      epochs: 0,
      seconds: 0.1,
      workers: 1,
      parameters: 10,
      out: 'm.st',
      stopped: null,
      best: null,
    });
    expect(run.loss).toBeUndefined();
    expect(run.samplesPerSecond).toBe(0);
  });
});
