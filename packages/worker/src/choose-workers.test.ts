import { trainingFlopsPerRow } from '@shardwise/core';
import { describe, expect, it } from 'vitest';
import { chooseWorkerCount } from './choose-workers.js';

describe('chooseWorkerCount', () => {
  it('counts 6 flops per weight per row, 4 in the first layer (no gradient for the data)', () => {
    expect(trainingFlopsPerRow([2, 16, 3])).toBe(4 * 32 + 6 * 48);
  });

  it('splits even the tiny model over two free cores, where barriers cost ~5 µs a step', () => {
    expect(chooseWorkerCount([2, 16, 3], 64, 2)).toBe(2);
  });

  it('keeps a step of a few microseconds on one worker', () => {
    expect(chooseWorkerCount([2, 2, 2], 8, 16)).toBe(1);
  });

  it('uses every core for the 784-256-10 workload', () => {
    expect(chooseWorkerCount([784, 256, 10], 256, 2)).toBe(2);
    expect(chooseWorkerCount([784, 256, 10], 256, 16)).toBe(16);
  });

  it('never uses more workers than cores or batch rows', () => {
    expect(chooseWorkerCount([784, 256, 10], 3, 16)).toBeLessThanOrEqual(3);
    expect(chooseWorkerCount([784, 4096, 10], 256, 1)).toBe(1);
  });
});
