// `shardwise train` end to end: the default job learns, and each output mode has its shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, lines, requireBuiltBinary, runCli, SMALL_RUN, tempDir } from './cli-harness.js';

const dir = tempDir('train');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

const EPOCH_KEYS = ['type', 'epoch', 'loss', 'accuracy', 'lr', 'samplesPerSecond', 'seconds'];
const SUMMARY_KEYS = [
  'type',
  'epochs',
  'loss',
  'accuracy',
  'seconds',
  'samplesPerSecond',
  'workers',
  'ranks',
  'kernels',
  'parameters',
  'out',
  'stopped',
];

describe('shardwise train', () => {
  it('learns the default spiral above 95% accuracy with no flags but --json', () => {
    const started = Date.now();
    const result = runCli(['train', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const records = jsonLines(result.stdout);
    const summary = records.at(-1)!;
    expect(summary.type).toBe('summary');
    expect(summary.epochs).toBe(30);
    expect(summary.accuracy as number).toBeGreaterThan(0.95);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('--json prints one object per line with the documented keys', () => {
    const result = runCli(['train', ...SMALL_RUN, '--epochs', '3', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const records = jsonLines(result.stdout);
    expect(records.map((record) => record.type)).toEqual(['start', 'epoch', 'epoch', 'epoch', 'summary']);
    records.slice(1, 4).forEach((record, index) => {
      expect(Object.keys(record)).toEqual(EPOCH_KEYS);
      expect(record.epoch).toBe(index + 1);
    });
    expect(Object.keys(records[4]!)).toEqual(SUMMARY_KEYS);
    expect(records[4]).toMatchObject({ epochs: 3, workers: 1, ranks: 1, out: null, stopped: null });
    // What --kernels auto resolved to: wasm for a 2-8-2 model, under native's 1024-weight threshold.
    expect(records[4]!.kernels).toBe('wasm');
    expect(result.stderr).toBe('');
  });

  it('--json adds validation figures with --val-split and leaves out accuracy for mse', () => {
    const validated = jsonLines(
      runCli(['train', ...SMALL_RUN, '--epochs', '1', '--val-split', '0.2', '--json']).stdout,
    );
    expect(Object.keys(validated[1]!)).toEqual([
      'type',
      'epoch',
      'loss',
      'accuracy',
      'valLoss',
      'valAccuracy',
      'lr',
      'samplesPerSecond',
      'seconds',
    ]);
    const regression = runCli([
      'train',
      '--dataset',
      'teacher',
      '--samples',
      '200',
      '--hidden',
      '8',
      '--epochs',
      '1',
      '--json',
    ]);
    expect(regression.status, regression.stderr).toBe(0);
    const [, epoch, summary] = jsonLines(regression.stdout);
    expect(epoch).not.toHaveProperty('accuracy');
    expect(summary).not.toHaveProperty('accuracy');
  });

  it('prints one plain line per epoch and a summary when not on a terminal', () => {
    const result = runCli(['train', ...SMALL_RUN, '--epochs', '2']);
    expect(result.status, result.stderr).toBe(0);
    const output = lines(result.stdout);
    expect(output).toHaveLength(3);
    expect(output[0]).toMatch(
      /^epoch 1\/2 {2}loss \d+\.\d{4} {2}acc \d\.\d{4} {2}lr 0\.01 {2}\d+(\.\d)? samples\/s {2}\S+s$/,
    );
    expect(output[2]).toMatch(/^done {2}2 epochs {2}loss /);
    expect(result.stderr).not.toContain('\r');
  });

  it('--quiet prints nothing', () => {
    const result = runCli(['train', ...SMALL_RUN, '--epochs', '1', '--quiet']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('--epochs 0 --out writes a checkpoint that eval can load', () => {
    const out = dir.file('initial.safetensors');
    const trained = runCli(['train', ...SMALL_RUN, '--epochs', '0', '--out', out, '--json']);
    expect(trained.status, trained.stderr).toBe(0);
    expect(jsonLines(trained.stdout)).toEqual([
      expect.objectContaining({ type: 'start', epochs: 0 }),
      expect.objectContaining({ type: 'summary', epochs: 0, out }),
    ]);
    const evaluated = runCli(['eval', '--model', out, '--dataset', 'moons', '--samples', '200', '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(Object.keys(JSON.parse(evaluated.stdout))).toEqual(['loss', 'accuracy', 'metrics']);
  });

  it('--save-every saves during the run', () => {
    const out = dir.file('every.safetensors');
    const result = runCli([
      'train',
      ...SMALL_RUN,
      '--epochs',
      '2',
      '--out',
      out,
      '--save-every',
      '1',
      '--quiet',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(runCli(['eval', '--model', out, '--dataset', 'moons', '--samples', '50']).status).toBe(0);
  });
});
