// The estimate's shared buffer must be the engine's real one, byte for byte, for every kind of
// run: if the engine's layout changes and the estimate does not follow, this fails.
import { type MlpConfig, makeDataset, type OptimizerKind } from '@shardwise/core';
import { DataParallelEngine, type KernelBackend, wasmKernelsAvailable } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { estimateRunMemory, THREAD_BYTES } from './memory-estimate.js';

interface Case {
  readonly name: string;
  readonly dataset: 'blobs' | 'teacher';
  readonly samples: number;
  readonly features: number;
  readonly hidden: readonly number[];
  readonly dtype: 'f32' | 'f64';
  readonly optimizer: OptimizerKind;
  readonly workers: number;
  readonly batchSize: number;
  readonly kernels: KernelBackend;
}

const CASES: Case[] = [
  {
    name: 'labels, f32, adam, 1 ts worker',
    dataset: 'blobs',
    samples: 300,
    features: 5,
    hidden: [16],
    dtype: 'f32',
    optimizer: 'adam',
    workers: 1,
    batchSize: 32,
    kernels: 'ts',
  },
  {
    name: 'targets, f64, sgd, 3 ts workers',
    dataset: 'teacher',
    samples: 257,
    features: 7,
    hidden: [9, 4],
    dtype: 'f64',
    optimizer: 'sgd',
    workers: 3,
    batchSize: 20,
    kernels: 'ts',
  },
  {
    name: 'labels, f64, momentum, 2 wasm workers',
    dataset: 'blobs',
    samples: 1000,
    features: 33,
    hidden: [64, 64],
    dtype: 'f64',
    optimizer: 'momentum',
    workers: 2,
    batchSize: 64,
    kernels: 'wasm',
  },
  {
    name: 'targets, f32, adam, 3 wasm workers',
    dataset: 'teacher',
    samples: 511,
    features: 12,
    hidden: [100],
    dtype: 'f32',
    optimizer: 'adam',
    workers: 3,
    batchSize: 50,
    kernels: 'wasm',
  },
];

describe('estimateRunMemory', () => {
  it.each(CASES)('plans the shared buffer the engine allocates ($name)', async (c) => {
    if (c.kernels === 'wasm' && !wasmKernelsAvailable()) return;
    const data = makeDataset(c.dataset, {
      samples: c.samples,
      seed: 1,
      dtype: c.dtype,
      features: c.features,
    });
    const config: MlpConfig = {
      sizes: [data.features, ...c.hidden, data.outputs],
      activation: 'relu',
      loss: data.labels ? 'ce' : 'mse',
      outActivation: 'identity',
      dtype: c.dtype,
    };
    const engine = DataParallelEngine.create({
      mlp: config,
      data,
      batchSize: c.batchSize,
      workers: c.workers,
      optimizer: { kind: c.optimizer, lr: 0.01 },
      kernels: c.kernels,
    });
    try {
      const estimate = estimateRunMemory({
        rows: data.rows,
        validationRows: 0,
        features: data.features,
        outputs: data.outputs,
        hasLabels: data.labels !== null,
        config,
        optimizer: c.optimizer,
        workers: c.workers,
        kernels: c.kernels,
        batchSize: c.batchSize,
      });
      expect(estimate.shared).toBe(engine.parameters.buffer.byteLength);
      // The parts add up, and every worker is counted with its thread.
      expect(estimate.total).toBe(estimate.data + estimate.model + estimate.workers);
      expect(estimate.workers).toBeGreaterThanOrEqual(c.workers * THREAD_BYTES);
    } finally {
      await engine.close();
    }
  });

  it('grows with each driver: rows, hidden width, workers, optimizer state, dtype', () => {
    const base = {
      rows: 10_000,
      validationRows: 0,
      features: 10,
      outputs: 3,
      hasLabels: true,
      config: {
        sizes: [10, 256, 3],
        activation: 'relu',
        loss: 'ce',
        outActivation: 'identity',
        dtype: 'f32',
      },
      optimizer: 'adam',
      workers: 2,
      kernels: 'ts',
      batchSize: 64,
    } as const;
    const total = (change: object) => estimateRunMemory({ ...base, ...change }).total;
    const reference = total({});
    expect(total({ rows: 20_000 })).toBeGreaterThan(reference);
    expect(total({ validationRows: 1000 })).toBeGreaterThan(reference);
    expect(total({ config: { ...base.config, sizes: [10, 512, 3] } })).toBeGreaterThan(reference);
    expect(total({ workers: 3 })).toBeGreaterThan(reference);
    expect(total({ optimizer: 'sgd' })).toBeLessThan(reference);
    expect(total({ config: { ...base.config, dtype: 'f64' } })).toBeGreaterThan(reference);
  });
});
