// With the logical shards fixed (`shards: 4`), 1, 2 and 4 workers give bit-identical parameters
// and losses: each shard has its own gradient slot and the slots are summed in shard order, so
// which thread computed a shard, and where the reduction's slices start, cannot change a bit.
import type { DType, MlpConfig, OptimizerConfig } from '@shardwise/core';
import { DataParallelEngine, type KernelBackend, wasmKernelsAvailable } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { makeRows, randomParams } from '../support/sources.js';

// 50 rows in batches of 14: steps of 14, 14, 14 and 8 rows, so shards of 4/4/3/3 and 2/2/2/2.
const ROWS = 50;
const BATCH = 14;
const OPTIMIZERS: OptimizerConfig[] = [
  { kind: 'sgd', lr: 0.1 },
  { kind: 'momentum', lr: 0.05, momentum: 0.9 },
  { kind: 'adam', lr: 0.01 },
  { kind: 'adamw', lr: 0.01, weightDecay: 0.1 },
];
const KERNELS: KernelBackend[] = wasmKernelsAvailable() ? ['ts', 'wasm'] : ['ts'];

function configOf(dtype: DType): MlpConfig {
  // 5·13+13 + 13·3+3 = 120 parameters: slices of 16 end mid-vector for 4 workers and leave a tail.
  return { sizes: [5, 13, 3], activation: 'tanh', loss: 'ce', outActivation: 'identity', dtype };
}

async function train(
  dtype: DType,
  kernels: KernelBackend,
  optimizer: OptimizerConfig,
  workers: number,
  shards: number | undefined,
  batchSize = BATCH,
): Promise<{ params: number[]; losses: number[] }> {
  const data = makeRows('ce-labels', dtype, ROWS, 5, 3, 31);
  const engine = DataParallelEngine.create({
    mlp: configOf(dtype),
    data,
    batchSize,
    workers,
    optimizer,
    kernels,
    ...(shards !== undefined && { shards }),
  });
  try {
    engine.load(randomParams(dtype, engine.mlp.layout.count, 5));
    const losses: number[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let i = 0; i < ROWS; i++) engine.order[i] = (i * 17 + epoch * 7) % ROWS;
      const steps = engine.stepsPerEpoch();
      await engine.run(0, steps);
      for (let s = 0; s < steps; s++) losses.push(engine.stepLoss(s));
    }
    return { params: Array.from(engine.parameters), losses };
  } finally {
    await engine.close();
  }
}

describe('shards fix the result whatever the workers', () => {
  for (const kernels of KERNELS) {
    for (const dtype of ['f32', 'f64'] as const) {
      it(`${kernels} ${dtype}: every optimizer, 1, 2 and 4 workers over 4 shards agree bit for bit`, async () => {
        for (const optimizer of OPTIMIZERS) {
          const one = await train(dtype, kernels, optimizer, 1, 4);
          for (const workers of [2, 4]) {
            const run = await train(dtype, kernels, optimizer, workers, 4);
            expect(run.params, `${optimizer.kind}, ${workers} workers`).toEqual(one.params);
            expect(run.losses, `${optimizer.kind}, ${workers} workers`).toEqual(one.losses);
          }
        }
      });
    }
  }

  it('the default is one shard per worker (today’s split)', async () => {
    const explicit = await train('f64', 'ts', OPTIMIZERS[2]!, 3, 3);
    const implicit = await train('f64', 'ts', OPTIMIZERS[2]!, 3, undefined);
    expect(implicit.params).toEqual(explicit.params);
    // And one shard differs from four (the split does change the rounding): the test can fail.
    const single = await train('f64', 'ts', OPTIMIZERS[2]!, 1, 1);
    expect(single.params).not.toEqual(explicit.params);
  });

  it('more shards than a batch has rows, and fewer shards than workers, still agree', async () => {
    // Batches of 3 rows over 5 shards: two shards are empty every step; 4 workers over 2 shards
    // leave two workers with only their slice of the reduction and update.
    const one = await train('f32', KERNELS.at(-1)!, OPTIMIZERS[3]!, 1, 5, 3);
    const three = await train('f32', KERNELS.at(-1)!, OPTIMIZERS[3]!, 3, 5, 3);
    expect(three.params).toEqual(one.params);
    const twoShards = await train('f32', KERNELS.at(-1)!, OPTIMIZERS[3]!, 1, 2, 3);
    const idleWorkers = await train('f32', KERNELS.at(-1)!, OPTIMIZERS[3]!, 4, 2, 3);
    expect(idleWorkers.params).toEqual(twoShards.params);
  });
});
