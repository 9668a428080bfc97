import { describe, expect, it } from 'vitest';
import { usageMessage } from './usage-message.js';

describe('usageMessage', () => {
  it('phrases yargs complaints with the flag as typed', () => {
    expect(usageMessage('Not enough arguments following: lr')).toBe('--lr needs a value');
    expect(usageMessage('Missing required argument: model')).toBe('missing required --model');
    expect(usageMessage('Missing required arguments: model, data')).toBe('missing required --model, --data');
    expect(usageMessage('Did you mean train?', ['trian'])).toBe('unknown command trian; did you mean train?');
  });

  it('names unknown flags once each, as typed', () => {
    expect(usageMessage('Unknown argument: x', ['train', '-x'])).toBe('unknown argument -x');
    expect(usageMessage('Unknown arguments: foo-bar, fooBar', ['train', '--foo-bar=3'])).toBe(
      'unknown argument --foo-bar',
    );
    expect(usageMessage('Unknown arguments: such-flag, suchFlag, 3', ['train', '--no-such-flag', '3'])).toBe(
      'unknown arguments --no-such-flag, 3',
    );
    expect(usageMessage('Unknown arguments: extra', ['train', 'extra'])).toBe('unknown argument extra');
  });

  it('always returns a single line', () => {
    const message = usageMessage('Invalid values:\n  Argument: x, Given: "y"\n\nmore');
    expect(message).toBe('Invalid values: Argument: x, Given: "y" more');
    expect(usageMessage('')).toBe('invalid command line');
  });

  it('suggests the closest known flag for a mistyped one', () => {
    const known = ['help', 'h', 'version', 'epochs', 'batch-size', 'batchSize', 'lr', 'hidden'];
    expect(usageMessage('Unknown argument: epoch', ['train', '--epoch', '3'], known)).toBe(
      'unknown argument --epoch; did you mean --epochs?',
    );
    expect(
      usageMessage('Unknown arguments: learning-rate, learningRate', ['train', '--learning-rate=1'], known),
    ).toBe('unknown argument --learning-rate; did you mean --lr?');
    expect(usageMessage('Unknown argument: batch_size', ['train', '--batch_size', '8'], known)).toBe(
      'unknown argument --batch_size; did you mean --batch-size?',
    );
    expect(usageMessage('Unknown argument: zzz', ['train', '--zzz'], known)).toBe('unknown argument --zzz');
    // Only one unknown flag gets a suggestion; a stray positional never does.
    expect(usageMessage('Unknown arguments: epoch, hiden', ['train', '--epoch', '--hiden'], known)).toBe(
      'unknown arguments --epoch, --hiden',
    );
  });

  it('explains a "missing" required flag that was only misspelled', () => {
    const known = ['model', 'data', 'json'];
    expect(
      usageMessage('Missing required argument: model', ['eval', '--modle', 'm', '--data', 'x'], known),
    ).toBe('unknown argument --modle; did you mean --model?');
    expect(usageMessage('Missing required argument: model', ['eval', '--data', 'x'], known)).toBe(
      'missing required --model',
    );
  });
});
