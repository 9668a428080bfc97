import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allocate,
  createMlp,
  type DType,
  type FloatArray,
  type MlpConfig,
  type OptimizerKind,
  optimizerStateSize,
  parameterLayout,
  Rng,
  resolveOptimizer,
} from '@shardwise/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../io/safetensors.js';

import { type Checkpoint, loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-checkpoint-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const SIZES_BY_DEPTH: Record<number, number[]> = { 0: [3, 2], 1: [3, 5, 4], 3: [4, 6, 5, 3, 2] };

function randomArray(dtype: DType, length: number, rng: Rng): FloatArray {
  const values = allocate(dtype, length);
  // Normal draws use all 53 bits, so an f64 round trip that lost precision would show.
  for (let i = 0; i < length; i++) values[i] = rng.normal() * 0.7;
  return values;
}

function sampleConfig(dtype: DType, depth: number): MlpConfig {
  return { sizes: SIZES_BY_DEPTH[depth]!, activation: 'tanh', loss: 'ce', outActivation: 'identity', dtype };
}

function sampleTraining(config: MlpConfig, kind: OptimizerKind, rng: Rng): TrainingState {
  const count = parameterLayout(config.sizes).count;
  const generator = new Rng(99);
  for (let i = 0; i < 5; i++) generator.nextUint32();
  return {
    epoch: 3,
    globalStep: 41,
    optimizer: resolveOptimizer({ kind, lr: 0.1 + 0.2, weightDecay: 1e-4, nesterov: kind === 'momentum' }),
    optimizerState: randomArray(config.dtype, optimizerStateSize(kind, count), rng),
    rngState: generator.getState(),
    history: [
      { epoch: 1, loss: 1 / 3, accuracy: 0.5, samplesPerSecond: 12345.678, seconds: 0.1 + 0.2 },
      {
        epoch: 2,
        loss: 1e-300,
        accuracy: 1,
        valLoss: Math.PI,
        valAccuracy: 0.75,
        samplesPerSecond: 1,
        seconds: 2,
      },
      { epoch: 3, loss: 0.2, samplesPerSecond: 3, seconds: 4 },
    ],
    options: { batchSize: 32, seed: 7, shuffle: true, valSplit: 0.2, data: 'spirals', hidden: [5] },
  };
}

function bytesOf(values: FloatArray): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function expectSameFloats(actual: FloatArray, expected: FloatArray): void {
  expect(actual.constructor).toBe(expected.constructor);
  expect(bytesOf(actual)).toEqual(bytesOf(expected));
}

async function roundTrip(name: string, checkpoint: Checkpoint): Promise<Checkpoint> {
  const path = join(directory, name);
  await saveCheckpoint(path, checkpoint);
  return loadCheckpoint(path);
}

describe('saveCheckpoint / loadCheckpoint round trip', () => {
  const cases = (['f32', 'f64'] as const).flatMap((dtype) =>
    [0, 1, 3].map((depth) => ({ dtype, depth, name: `${dtype}, depth ${depth}` })),
  );

  it.each(cases)('weights only, $name', async ({ dtype, depth }) => {
    const config = sampleConfig(dtype, depth);
    const parameters = randomArray(dtype, parameterLayout(config.sizes).count, new Rng(depth));
    const loaded = await roundTrip(`weights-${dtype}-${depth}.safetensors`, {
      config,
      parameters,
      training: null,
    });
    expect(loaded.config).toEqual(config);
    expectSameFloats(loaded.parameters, parameters);
    expect(loaded.training).toBeNull();
  });

  it.each(cases)('with adam training state, $name', async ({ dtype, depth }) => {
    const rng = new Rng(10 + depth);
    const config = sampleConfig(dtype, depth);
    const parameters = randomArray(dtype, parameterLayout(config.sizes).count, rng);
    const training = sampleTraining(config, 'adam', rng);
    const loaded = await roundTrip(`adam-${dtype}-${depth}.safetensors`, { config, parameters, training });
    expect(loaded.config).toEqual(config);
    expectSameFloats(loaded.parameters, parameters);
    const restored = loaded.training!;
    expectSameFloats(restored.optimizerState, training.optimizerState);
    expect(restored.rngState).toEqual(training.rngState);
    expect(restored.optimizer).toEqual(training.optimizer);
    expect(restored.history).toEqual(training.history);
    expect(restored.options).toEqual(training.options);
    expect({ epoch: restored.epoch, globalStep: restored.globalStep }).toEqual({ epoch: 3, globalStep: 41 });
  });

  it.each(['sgd', 'momentum', 'adamw'] as const)('keeps %s state (empty for sgd)', async (kind) => {
    const rng = new Rng(5);
    const config = { ...sampleConfig('f32', 1), loss: 'mse', outActivation: 'tanh' } as const;
    const parameters = randomArray('f32', parameterLayout(config.sizes).count, rng);
    const training = sampleTraining(config, kind, rng);
    const loaded = await roundTrip(`${kind}.safetensors`, { config, parameters, training });
    expect(loaded.config).toEqual(config);
    expect(loaded.training!.optimizerState.length).toBe(optimizerStateSize(kind, parameters.length));
    expectSameFloats(loaded.training!.optimizerState, training.optimizerState);
    expect(loaded.training!.optimizer).toEqual(training.optimizer);
  });

  it('keeps -0, subnormals and extreme f64 values exactly', async () => {
    const config = sampleConfig('f64', 0);
    const parameters = new Float64Array([-0, 5e-324, Number.MAX_VALUE, -Number.MIN_VALUE, 1 / 3, 0, 2, -4]);
    const loaded = await roundTrip('extremes.safetensors', { config, parameters, training: null });
    expectSameFloats(loaded.parameters, parameters);
  });

  it('snapshots the optimizer state when called, not when the write finishes', async () => {
    const rng = new Rng(8);
    const config = sampleConfig('f32', 1);
    const parameters = randomArray('f32', parameterLayout(config.sizes).count, rng);
    const training = sampleTraining(config, 'momentum', rng);
    const expected = training.optimizerState.slice();
    const path = join(directory, 'snapshot.safetensors');
    const saving = saveCheckpoint(path, { config, parameters, training });
    training.optimizerState.fill(7);
    parameters.fill(7);
    await saving;
    const loaded = await loadCheckpoint(path);
    expectSameFloats(loaded.training!.optimizerState, expected);
    expect(loaded.parameters[0]).not.toBe(7);
  });
});

describe('file layout', () => {
  it('stores layers as PyTorch nn.Linear tensors: weight [out, in] = Wᵀ, bias [out]', async () => {
    for (const dtype of ['f32', 'f64'] as const) {
      const config = sampleConfig(dtype, 3);
      const mlp = createMlp(config);
      const parameters = randomArray(dtype, mlp.layout.count, new Rng(3));
      const path = join(directory, `layout-${dtype}.safetensors`);
      await saveCheckpoint(path, { config, parameters, training: null });
      const { metadata, tensors } = await readSafetensors(path);

      mlp.layout.layers.forEach(({ inputs, outputs, weightOffset, biasOffset }, l) => {
        const weight = tensors.get(`layers.${l}.weight`)!;
        const bias = tensors.get(`layers.${l}.bias`)!;
        expect(weight.dtype).toBe(dtype === 'f32' ? 'F32' : 'F64');
        expect(weight.shape).toEqual([outputs, inputs]);
        expect(bias.shape).toEqual([outputs]);
        // Core's W is [inputs][outputs] row-major: W[i][o] at weightOffset + i·outputs + o.
        for (let o = 0; o < outputs; o++) {
          for (let i = 0; i < inputs; i++) {
            expect(weight.data[o * inputs + i]).toBe(parameters[weightOffset + i * outputs + o]);
          }
          expect(bias.data[o]).toBe(parameters[biasOffset + o]);
        }
      });
      expect([...tensors.keys()].sort()).toEqual(
        [0, 1, 2, 3].flatMap((l) => [`layers.${l}.bias`, `layers.${l}.weight`]).sort(),
      );
      expect(metadata).toEqual({
        format: 'shardwise-mlp',
        format_version: '1',
        sizes: JSON.stringify(config.sizes),
        activation: 'tanh',
        loss: 'ce',
        out_activation: 'identity',
        dtype,
      });
    }
  });

  it('stores resume data as optimizer.state, trainer.rng_state (U32 [4]) and "training" JSON', async () => {
    const rng = new Rng(4);
    const config = sampleConfig('f32', 1);
    const parameters = randomArray('f32', parameterLayout(config.sizes).count, rng);
    const path = join(directory, 'resume-layout.safetensors');
    const training = sampleTraining(config, 'adam', rng);
    await saveCheckpoint(path, { config, parameters, training });
    const { metadata, tensors } = await readSafetensors(path);
    expect(tensors.get('optimizer.state')).toMatchObject({ dtype: 'F32', shape: [2 * parameters.length] });
    const rngTensor = tensors.get('trainer.rng_state')!;
    expect(rngTensor.dtype).toBe('U32');
    expect(rngTensor.shape).toEqual([4]);
    expect(Array.from(rngTensor.data)).toEqual(training.rngState);
    const json = JSON.parse(metadata.training!);
    expect(Object.keys(json).sort()).toEqual(['epoch', 'globalStep', 'history', 'optimizer', 'options']);
  });

  it('leaves optimizer.state out for sgd', async () => {
    const rng = new Rng(6);
    const config = sampleConfig('f64', 0);
    const parameters = randomArray('f64', parameterLayout(config.sizes).count, rng);
    const path = join(directory, 'sgd-layout.safetensors');
    await saveCheckpoint(path, { config, parameters, training: sampleTraining(config, 'sgd', rng) });
    const { tensors } = await readSafetensors(path);
    expect(tensors.has('optimizer.state')).toBe(false);
    expect(tensors.has('trainer.rng_state')).toBe(true);
  });
});
