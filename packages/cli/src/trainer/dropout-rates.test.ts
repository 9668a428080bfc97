// The run's dropout against its model, and a checkpoint's saved dropout read as untrusted input.
import type { MlpConfig } from '@shardwise/core';
import { describe, expect, it } from 'vitest';
import { CLI_NAMING } from '../commands/cli-option-naming.js';
import { CheckpointError, UsageError } from '../errors.js';
import { dropoutRates } from './dropout-rates.js';
import { LIBRARY_NAMING } from './option-naming.js';
import { savedRunSettings } from './saved-settings.js';

const model = (hidden: number[]): MlpConfig => ({
  sizes: [2, ...hidden, 3],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f32',
});

describe('dropoutRates', () => {
  it('spreads one rate over every hidden layer and keeps a list of one per layer', () => {
    expect(dropoutRates(0.25, model([4, 5, 6]), LIBRARY_NAMING, undefined)).toEqual([0.25, 0.25, 0.25]);
    expect(dropoutRates([0.1, 0.2], model([4, 5]), LIBRARY_NAMING, undefined)).toEqual([0.1, 0.2]);
    expect(dropoutRates(0, model([]), LIBRARY_NAMING, undefined)).toEqual([]);
  });

  it('refuses a list of the wrong length: the caller’s as a usage error, a checkpoint’s as a checkpoint error', () => {
    expect(() => dropoutRates([0.1], model([4, 5]), LIBRARY_NAMING, undefined)).toThrow(UsageError);
    expect(() => dropoutRates([0.1], model([4, 5]), LIBRARY_NAMING, 'm.safetensors')).toThrow(
      new CheckpointError(
        'm.safetensors: saved setting dropout lists 1 rates for a model with 2 hidden layers',
      ),
    );
    expect(() => dropoutRates(0.5, model([]), LIBRARY_NAMING, undefined)).toThrow(/this model has none/);
  });

  it('the CLI shows a list as the flag takes it', () => {
    expect(() => dropoutRates([0.1], model([4, 5]), CLI_NAMING, undefined)).toThrow(
      '--dropout 0.1 lists 1 rates for a model with 2 hidden layers',
    );
    expect(CLI_NAMING.value('dropout', [0.2, 0.1])).toBe('0.2,0.1');
  });
});

describe("a checkpoint's saved dropout", () => {
  it.each([1, -0.1, '0.5', [0.2, 2], [], null, Number.NaN])(
    '%j is refused, naming the checkpoint',
    (value) => {
      expect(() => savedRunSettings({ dropout: value }, 'm.safetensors')).toThrow(
        /^m\.safetensors: saved setting dropout must be a number in \[0, 1\)/,
      );
    },
  );

  it('a valid value is taken as saved', () => {
    expect(savedRunSettings({ dropout: [0.5, 0] }, 'm.safetensors').dropout).toEqual([0.5, 0]);
  });
});
