import { describe, expect, it } from 'vitest';
import { CLI_NAMING } from '../commands/cli-option-naming.js';
import { UsageError } from '../errors.js';
import { Trainer } from './trainer.js';

describe('early stopping without validation rows', () => {
  it.each([
    [
      { earlyStopping: 3 },
      '--early-stopping watches the validation loss, but this run has no validation rows: give --val-split',
    ],
    [{ restoreBest: true }, '--restore-best watches the validation loss'],
  ])('%o is refused before training, naming the flags', async (options, message) => {
    const create = Trainer.create(
      { dataset: 'moons', samples: 20, hidden: [2], workers: 1, ...options },
      CLI_NAMING,
    );
    await expect(create).rejects.toThrow(UsageError);
    await expect(create).rejects.toThrow(message);
  });
});
