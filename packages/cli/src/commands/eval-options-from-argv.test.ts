import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { evalRequestFromArgv } from './eval-options-from-argv.js';

describe('evalRequestFromArgv', () => {
  it('evaluates on a CSV file', () => {
    expect(evalRequestFromArgv({ model: 'm.st', data: 'rows.csv' })).toEqual({
      model: 'm.st',
      kernels: 'auto',
      data: { kind: 'csv', path: 'rows.csv' },
      json: false,
    });
  });

  it('evaluates on a synthetic set with the training defaults', () => {
    expect(evalRequestFromArgv({ model: 'm.st', dataset: 'moons', json: true })).toEqual({
      model: 'm.st',
      kernels: 'auto',
      data: { kind: 'dataset', dataset: 'moons', samples: 1500, seed: 1 },
      json: true,
    });
    expect(
      evalRequestFromArgv({
        model: 'm.st',
        dataset: 'blobs',
        samples: '50',
        features: '3',
        classes: '4',
        noise: '0.1',
        seed: '9',
      }).data,
    ).toEqual({
      kind: 'dataset',
      dataset: 'blobs',
      samples: 50,
      seed: 9,
      features: 3,
      classes: 4,
      noise: 0.1,
    });
  });

  it('takes --kernels', () => {
    expect(evalRequestFromArgv({ model: 'm.st', data: 'rows.csv', kernels: 'ts' }).kernels).toBe('ts');
  });

  it.each([
    [{ model: 'm.st' }, '--data'],
    [{ model: 'm.st', data: 'a.csv', dataset: 'moons' }, '--dataset'],
    [{ model: 'm.st', data: 'a.csv', samples: '5' }, '--samples'],
    [{ model: 'm.st', dataset: 'mnist' }, '--dataset'],
    [{ model: 'm.st', dataset: 'moons', samples: '0' }, '--samples'],
    [{ model: '', data: 'a.csv' }, '--model'],
    [{ model: 'm.st', data: 'a.csv', kernels: 'gpu' }, '--kernels'],
  ])('rejects %o naming %s', (argv, flag) => {
    expect(() => evalRequestFromArgv(argv)).toThrow(UsageError);
    expect(() => evalRequestFromArgv(argv)).toThrow(flag);
  });
});
