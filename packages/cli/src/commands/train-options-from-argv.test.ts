import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { TRAIN_DEFAULTS, trainOptionsFromArgv } from './train-options-from-argv.js';

/** The UsageError thrown for `argv`, checked to name `flag`. */
function usageErrorFor(argv: Record<string, unknown>, flag: string): UsageError {
  let caught: unknown;
  try {
    trainOptionsFromArgv(argv);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UsageError);
  const error = caught as UsageError;
  expect(error.message).toContain(flag);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('trainOptionsFromArgv defaults', () => {
  it('fills in every default when no flag is given', () => {
    expect(trainOptionsFromArgv({})).toEqual({
      dataset: 'spirals',
      samples: 1500,
      hidden: [64, 64],
      activation: 'relu',
      dropout: 0,
      loss: 'ce',
      outActivation: 'identity',
      epochs: 30,
      batchSize: 64,
      lr: 0.01,
      optimizer: 'adam',
      momentum: 0.9,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      workers: 'auto',
      kernels: 'auto',
      mpiCombine: 'ordered',
      maxRetries: 2,
      allowNonFinite: false,
      seed: 1,
      dtype: 'f32',
      valSplit: 0,
      shuffle: true,
    });
  });

  it('matches the documented defaults table', () => {
    const options = trainOptionsFromArgv({});
    for (const [key, value] of Object.entries(TRAIN_DEFAULTS)) {
      expect(options[key as keyof typeof options]).toEqual(value);
    }
  });

  it('defaults the loss to mse for the teacher (regression) dataset', () => {
    expect(trainOptionsFromArgv({ dataset: 'teacher' }).loss).toBe('mse');
    expect(trainOptionsFromArgv({ dataset: 'teacher', loss: 'ce' }).loss).toBe('ce');
    expect(trainOptionsFromArgv({ dataset: 'moons' }).loss).toBe('ce');
  });

  it('leaves the loss to the file with --data, and drops the synthetic-set fields', () => {
    const options = trainOptionsFromArgv({ data: 'rows.csv' });
    expect(options.data).toBe('rows.csv');
    expect(options).not.toHaveProperty('dataset');
    expect(options).not.toHaveProperty('samples');
    expect(options).not.toHaveProperty('loss');
  });

  it('does not invent values for optional flags', () => {
    const options = trainOptionsFromArgv({});
    for (const key of ['features', 'classes', 'noise', 'data', 'init', 'resume', 'out', 'saveEvery']) {
      expect(options).not.toHaveProperty(key);
    }
  });
});

describe('trainOptionsFromArgv values', () => {
  it('parses every flag from the text typed', () => {
    const options = trainOptionsFromArgv({
      dataset: 'blobs',
      samples: '300',
      features: '5',
      classes: '4',
      noise: '0.5',
      hidden: '32, 16',
      activation: 'tanh',
      loss: 'mse',
      outActivation: 'tanh',
      epochs: '0',
      batchSize: '8',
      lr: '1e-3',
      optimizer: 'momentum',
      momentum: '0',
      weightDecay: '0.0001',
      workers: '2',
      seed: '-7',
      dtype: 'f64',
      valSplit: '0.2',
      shuffle: false,
      out: 'model.safetensors',
      saveEvery: '5',
    });
    expect(options).toMatchObject({
      dataset: 'blobs',
      samples: 300,
      features: 5,
      classes: 4,
      noise: 0.5,
      hidden: [32, 16],
      activation: 'tanh',
      loss: 'mse',
      outActivation: 'tanh',
      epochs: 0,
      batchSize: 8,
      lr: 0.001,
      optimizer: 'momentum',
      momentum: 0,
      weightDecay: 0.0001,
      workers: 2,
      seed: -7,
      dtype: 'f64',
      valSplit: 0.2,
      shuffle: false,
      out: 'model.safetensors',
      saveEvery: 5,
    });
  });

  it('accepts numbers as well as text (callers that parse themselves)', () => {
    expect(trainOptionsFromArgv({ lr: 0.5, epochs: 3, hidden: 16 })).toMatchObject({
      lr: 0.5,
      epochs: 3,
      hidden: [16],
    });
  });

  it('reads --hidden none as no hidden layer', () => {
    expect(trainOptionsFromArgv({ hidden: 'none' }).hidden).toEqual([]);
  });
});

describe('trainOptionsFromArgv rejects bad values, naming the flag', () => {
  it.each([
    [{ lr: '-1' }, '--lr', '--lr must be a positive number, got -1'],
    [{ lr: '0' }, '--lr', undefined],
    [{ lr: 'abc' }, '--lr', undefined],
    [{ batchSize: '0' }, '--batch-size', undefined],
    [{ batchSize: '2.5' }, '--batch-size', undefined],
    [{ workers: '0' }, '--workers', undefined],
    [{ workers: 'many' }, '--workers', undefined],
    [{ epochs: '-1' }, '--epochs', undefined],
    [{ epochs: '' }, '--epochs', undefined],
    [{ hidden: 'abc' }, '--hidden', undefined],
    [{ hidden: '0' }, '--hidden', undefined],
    [{ hidden: '-3' }, '--hidden', undefined],
    [{ hidden: '64,,64' }, '--hidden', undefined],
    [{ hidden: '' }, '--hidden', undefined],
    [{ valSplit: '1' }, '--val-split', undefined],
    [{ valSplit: '-0.1' }, '--val-split', undefined],
    [{ momentum: '1' }, '--momentum', undefined],
    [{ weightDecay: '-1' }, '--weight-decay', undefined],
    [{ samples: '0' }, '--samples', undefined],
    [{ seed: '1.5' }, '--seed', undefined],
    [{ classes: '1' }, '--classes', undefined],
    [{ noise: '-1' }, '--noise', undefined],
    [{ dataset: 'mnist' }, '--dataset', undefined],
    [{ activation: 'softplus' }, '--activation', undefined],
    [{ loss: 'hinge' }, '--loss', undefined],
    [{ outActivation: 'relu' }, '--out-activation', undefined],
    [{ optimizer: 'rmsprop' }, '--optimizer', undefined],
    [{ dtype: 'f16' }, '--dtype', undefined],
    [{ out: '' }, '--out', undefined],
  ])('%o', (argv, flag, exact) => {
    const error = usageErrorFor(argv, flag);
    if (exact) expect(error.message).toBe(exact);
    expect(error.exitCode).toBe(2);
  });

  it('lists the choices for an unknown dataset', () => {
    expect(usageErrorFor({ dataset: 'mnist' }, '--dataset').message).toBe(
      '--dataset must be one of blobs, spirals, moons, xor, circles, teacher, got mnist',
    );
  });
});

describe('trainOptionsFromArgv rejects conflicting flags', () => {
  it('--save-every needs --out', () => {
    usageErrorFor({ saveEvery: '2' }, '--save-every');
    expect(trainOptionsFromArgv({ saveEvery: '2', out: 'm.st' }).saveEvery).toBe(2);
  });

  it('--init and --resume exclude each other', () => {
    const error = usageErrorFor({ init: 'a.st', resume: 'b.st' }, '--init');
    expect(error.message).toContain('--resume');
  });

  it('--data and --dataset exclude each other when both are given', () => {
    usageErrorFor({ data: 'rows.csv', dataset: 'moons' }, '--dataset');
  });

  it('synthetic-set flags cannot go with --data', () => {
    usageErrorFor({ data: 'rows.csv', samples: '10' }, '--samples');
    usageErrorFor({ data: 'rows.csv', noise: '0.1' }, '--noise');
    expect(trainOptionsFromArgv({ data: 'rows.csv', classes: '3' }).classes).toBe(3);
  });

  it('architecture flags pass through with a checkpoint (the trainer compares them with it)', () => {
    expect(trainOptionsFromArgv({ resume: 'a.st', hidden: '8' }).hidden).toEqual([8]);
    expect(trainOptionsFromArgv({ init: 'a.st', dtype: 'f64' }).dtype).toBe('f64');
  });
});

describe('trainOptionsFromArgv with checkpoints', () => {
  it('--resume passes only what was given (the checkpoint has the rest)', () => {
    expect(trainOptionsFromArgv({ resume: 'a.st', epochs: '4', workers: '2' })).toEqual({
      resume: 'a.st',
      epochs: 4,
      workers: 2,
    });
  });

  it('--resume keeps the default epoch total', () => {
    expect(trainOptionsFromArgv({ resume: 'a.st' })).toEqual({ resume: 'a.st', epochs: 30 });
  });

  it('--init passes only what was given, so the checkpoint can supply its data', () => {
    expect(trainOptionsFromArgv({ init: 'a.st' })).toEqual({ init: 'a.st', epochs: 30 });
    expect(trainOptionsFromArgv({ init: 'a.st', lr: '0.5', data: 'd.csv' })).toEqual({
      init: 'a.st',
      epochs: 30,
      lr: 0.5,
      data: 'd.csv',
    });
  });

  it('parses the Adam flags and names them in errors', () => {
    expect(trainOptionsFromArgv({ beta1: '0.8', beta2: '0.99', eps: '1e-6' })).toMatchObject({
      beta1: 0.8,
      beta2: 0.99,
      eps: 1e-6,
    });
    usageErrorFor({ beta1: '1' }, '--beta1');
    usageErrorFor({ beta2: '-0.1' }, '--beta2');
    usageErrorFor({ eps: '0' }, '--eps');
  });
});
