// Errors thrown to the caller are typed: bad options, bad data, divergence.
import { DataError, DivergenceError, train, UsageError } from 'shardwise';
import { describe, expect, it } from 'vitest';

describe('typed errors from train()', () => {
  it.each([
    [{ lr: -1 }, /lr must be a positive number/],
    [{ batchSize: 0 }, /batchSize must be an integer/],
    [{ workers: 0 }, /workers must be an integer/],
    [{ hidden: [0] }, /hidden must list positive integer/],
    [{ epochs: -1 }, /epochs must be an integer/],
    [{ activation: 'swish' }, /activation must be one of sigmoid, tanh, relu/],
  ])('bad option %j → UsageError', async (options, message) => {
    const error = await train(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('bad data → DataError', async () => {
    await expect(train({ data: { x: [1, 2, 3], features: 2, labels: [0] } })).rejects.toBeInstanceOf(
      DataError,
    );
    await expect(train({ data: { x: [1, 2], features: 2 } })).rejects.toBeInstanceOf(DataError);
  });

  it('a loss that blows up → DivergenceError naming the epoch and step', async () => {
    const error = await train({
      dataset: 'teacher',
      samples: 256,
      lr: 1e6,
      optimizer: 'sgd',
      epochs: 5,
      workers: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    expect((error as Error).message).toMatch(/epoch \d+, step \d+/);
  });
});
