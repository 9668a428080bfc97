import { describe, expect, it } from 'vitest';
import type { EpochMetrics, StepMetrics } from '../trainer/train-options.js';
import type { RunSummary } from './run-summary.js';
import { chooseOutputMode, createTrainReporter, type OutputMode } from './train-reporter.js';

function harness(mode: OutputMode) {
  const out: string[] = [];
  const err: string[] = [];
  let clock = 0;
  const reporter = createTrainReporter(mode, {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    now: () => clock,
    columns: () => 100,
  });
  return { reporter, out, err, tick: (ms: number) => (clock += ms) };
}

const steps = 4;
const stepMetrics = (index: number): StepMetrics => ({
  epoch: 1,
  step: index,
  steps,
  globalStep: index + 1,
  lr: 0.01,
  loss: 0.5,
});
const epoch: EpochMetrics = { epoch: 1, loss: 0.5, accuracy: 0.9, samplesPerSecond: 1000, seconds: 0.4 };
const summary: RunSummary = {
  epochs: 1,
  loss: 0.5,
  accuracy: 0.9,
  seconds: 0.5,
  samplesPerSecond: 1000,
  workers: 1,
  parameters: 10,
  out: null,
  stopped: null,
};

function runOneEpoch(h: ReturnType<typeof harness>, stepMs: number) {
  h.reporter.start({ epochsTotal: 2, stepsPerEpoch: steps, rows: 400 });
  for (let index = 0; index < steps; index++) {
    h.tick(stepMs);
    h.reporter.step(stepMetrics(index));
  }
  h.reporter.epoch(epoch);
  h.reporter.finish(summary);
}

describe('chooseOutputMode', () => {
  it('prefers JSON, then quiet, then the live view on a terminal', () => {
    expect(chooseOutputMode({ json: true, quiet: true, stderrIsTTY: true })).toBe('json');
    expect(chooseOutputMode({ json: false, quiet: true, stderrIsTTY: true })).toBe('quiet');
    expect(chooseOutputMode({ json: false, quiet: false, stderrIsTTY: true })).toBe('live');
    expect(chooseOutputMode({ json: false, quiet: false, stderrIsTTY: false })).toBe('plain');
  });
});

describe('train reporters', () => {
  it('plain: one stdout line per epoch and a summary, nothing on stderr', () => {
    const h = harness('plain');
    runOneEpoch(h, 10);
    expect(h.out).toEqual([
      'epoch 1/2  loss 0.5000  acc 0.9000  1000 samples/s  0.40s\n',
      'done  1 epoch  loss 0.5000  acc 0.9000  1000 samples/s  0.50s  1 worker  10 parameters\n',
    ]);
    expect(h.err).toEqual([]);
  });

  it('json: one parseable object per line', () => {
    const h = harness('json');
    runOneEpoch(h, 10);
    expect(h.out.map((line) => JSON.parse(line).type)).toEqual(['epoch', 'summary']);
    expect(h.err).toEqual([]);
  });

  it('quiet: nothing at all', () => {
    const h = harness('quiet');
    runOneEpoch(h, 10);
    expect(h.out).toEqual([]);
    expect(h.err).toEqual([]);
  });

  it('live: redraws the bar in place at most every 100 ms, keeps epochs as lines, ends with a table', () => {
    const h = harness('live');
    runOneEpoch(h, 40);
    const redraws = h.err.filter((text) => text.startsWith('\r') && !text.endsWith('\n'));
    // Steps at 40, 80, 120, 160 ms: drawn at 40 and 160 only.
    expect(redraws).toHaveLength(2);
    expect(redraws[0]).toContain('1/4');
    expect(redraws[1]).toContain('4/4');
    expect(h.err.at(-1)).toMatch(/^\repoch 1\/2 {2}loss 0\.5000.*\n$/);
    expect(h.out.join('')).toContain('  epochs');
  });

  it('live: an interruption ends the half-drawn bar line', () => {
    const h = harness('live');
    h.reporter.start({ epochsTotal: 2, stepsPerEpoch: steps, rows: 400 });
    h.reporter.step(stepMetrics(0));
    h.reporter.interrupt();
    expect(h.err.at(-1)).toBe('\n');
    h.reporter.interrupt();
    expect(h.err.filter((text) => text === '\n')).toHaveLength(1);
  });
});
