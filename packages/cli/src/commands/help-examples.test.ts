import { describe, expect, it } from 'vitest';
import { MAX_EXAMPLE_COMMAND } from './help-examples.js';
import { TRAIN_EXAMPLES } from './train-command.js';

describe('train --help examples', () => {
  it.each(TRAIN_EXAMPLES.map(([command]) => [command]))('%s fits one line at 80 columns', (command) => {
    expect(command.replace('$0', 'shardwise').length).toBeLessThanOrEqual(MAX_EXAMPLE_COMMAND);
  });
});
