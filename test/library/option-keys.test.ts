// Unknown option keys are refused with a suggestion, never silently ignored.
import { Trainer, train, UsageError } from 'shardwise';
import { describe, expect, it } from 'vitest';

async function errorOf(options: unknown): Promise<Error> {
  return (await train(options as never).then(
    () => undefined,
    (error: unknown) => error,
  )) as Error;
}

describe('option keys', () => {
  it.each([
    [{ hiden: [3] }, 'hiden', 'hidden'],
    [{ learningRate: 1 }, 'learningRate', 'lr'],
    [{ epoch: 2 }, 'epoch', 'epochs'],
    [{ batch_size: 8 }, 'batch_size', 'batchSize'],
    [{ valsplit: 0.1 }, 'valsplit', 'valSplit'],
  ])('%j is a UsageError suggesting the real name', async (options, typed, suggested) => {
    const error = await errorOf(options);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`unknown option "${typed}"; did you mean ${suggested}?`);
  });

  it('lists the options when nothing is close', async () => {
    const error = (await errorOf({ colour: 'red' })) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('unknown option "colour"');
    expect(error.hint).toContain('epochs');
  });

  it.each([null, 'fast', 42, [1, 2]])('train(%j) is a UsageError, not a TypeError', async (options) => {
    const error = await errorOf(options);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/^training options must be an object/);
    await expect(Trainer.create(options as never)).rejects.toBeInstanceOf(UsageError);
  });

  it('accepts every documented option (a tiny run with all of them set)', async () => {
    const controller = new AbortController();
    const result = await train({
      dataset: 'blobs',
      samples: 40,
      features: 3,
      classes: 2,
      noise: 0.5,
      allowNonFinite: false,
      hidden: [4],
      activation: 'tanh',
      loss: 'ce',
      outActivation: 'identity',
      epochs: 1,
      batchSize: 8,
      lr: 0.01,
      optimizer: 'momentum',
      momentum: 0.5,
      weightDecay: 0,
      workers: 1,
      kernels: 'ts',
      maxRetries: 0,
      seed: 3,
      dtype: 'f64',
      valSplit: 0.25,
      shuffle: false,
      onEpoch: () => {},
      onStep: () => {},
      signal: controller.signal,
    });
    expect(result.history).toHaveLength(1);
  });
});
