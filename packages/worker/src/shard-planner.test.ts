import { describe, expect, it } from 'vitest';
import { planShards, shardRows, sliceStart } from './shard-planner.js';

describe('planShards', () => {
  it.each([
    [13, 3, [0, 5, 9, 13]],
    [7, 4, [0, 2, 4, 6, 7]],
    [1, 4, [0, 1, 1, 1, 1]],
    [0, 2, [0, 0, 0]],
    [256, 2, [0, 128, 256]],
  ])('%i rows over %i shards → %j', (rows, shards, bounds) => {
    expect(planShards(rows, shards)).toEqual(bounds);
  });

  it('gives contiguous shards whose sizes differ by at most one, for every split up to 50 × 9', () => {
    for (let rows = 0; rows <= 50; rows++) {
      for (let shards = 1; shards <= 9; shards++) {
        const sizes = Array.from({ length: shards }, (_, s) => shardRows(rows, shards, s));
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(rows);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('rejects a shard count that is not a positive integer', () => {
    expect(() => planShards(10, 0)).toThrow(/positive integer/);
  });
});

describe('sliceStart', () => {
  it('covers the parameter vector with 16-aligned slices, each worker its own', () => {
    for (const [count, workers] of [
      [1, 1],
      [5, 4],
      [203_530, 2],
      [1000, 3],
      [17, 16],
    ] as const) {
      const bounds = Array.from({ length: workers + 1 }, (_, w) => sliceStart(count, workers, w));
      expect(bounds[0]).toBe(0);
      expect(bounds[workers]).toBe(count);
      for (let w = 0; w < workers; w++) {
        expect(bounds[w + 1]!).toBeGreaterThanOrEqual(bounds[w]!);
        if (bounds[w + 1]! < count) expect(bounds[w + 1]! % 16).toBe(0);
      }
    }
  });
});
