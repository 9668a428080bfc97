// A model's standardization round-trips through its checkpoint, and damaged statistics are refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocate, type MlpConfig, parameterLayout } from '@shardwise/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { readSafetensors, type SafetensorsTensor, writeSafetensors } from '../io/safetensors.js';
import { loadModel, Model } from '../model/model.js';
import { loadCheckpoint } from './checkpoint.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-standardize-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const CONFIG: MlpConfig = {
  sizes: [3, 2],
  activation: 'relu',
  loss: 'mse',
  outActivation: 'identity',
  dtype: 'f64',
};

function standardizedModel(): Model {
  const parameters = allocate('f64', parameterLayout(CONFIG.sizes).count);
  // W = [[1, 0], [0, 1], [1, 1]] (inputs × outputs), b = 0: output 0 = x0' + x2', output 1 = x1' + x2'.
  parameters.set([1, 0, 0, 1, 1, 1, 0, 0]);
  return new Model(CONFIG, parameters, {
    standardization: {
      mean: Float64Array.from([10, -2, 0.5]),
      scale: Float64Array.from([4, 0.5, 1]),
      rows: 12,
    },
  });
}

let counter = 0;
async function savedFile(
  edit?: (f: { metadata: Record<string, string>; tensors: Record<string, SafetensorsTensor> }) => void,
) {
  const path = join(directory, `m${counter++}.safetensors`);
  await standardizedModel().save(path);
  if (edit) {
    const raw = await readSafetensors(path);
    const file = { metadata: { ...raw.metadata }, tensors: Object.fromEntries(raw.tensors) };
    edit(file);
    await writeSafetensors(path, file.tensors, file.metadata);
  }
  return path;
}

describe('standardization in checkpoints', () => {
  it('is applied by predict, saved as standardize.mean/scale beside the PyTorch layers, and loaded back', async () => {
    const model = standardizedModel();
    // x = [14, -1, 2.5] → x' = [(14−10)/4, (−1+2)/0.5, (2.5−0.5)/1] = [1, 2, 2] → outputs [3, 4].
    expect([...model.predict([14, -1, 2.5])]).toEqual([3, 4]);
    const path = await savedFile();
    const raw = await readSafetensors(path);
    expect(raw.tensors.get('standardize.mean')).toMatchObject({ dtype: 'F64', shape: [3] });
    expect([...(raw.tensors.get('standardize.scale')!.data as Float64Array)]).toEqual([4, 0.5, 1]);
    expect(JSON.parse(raw.metadata.standardize!)).toEqual({ rows: 12, formula: '(x - mean) / scale' });
    expect(raw.tensors.has('layers.0.weight')).toBe(true);
    const loaded = await loadModel(path);
    expect([...loaded.standardization!.mean]).toEqual([10, -2, 0.5]);
    expect(loaded.standardization!.rows).toBe(12);
    expect([...loaded.predict([14, -1, 2.5])]).toEqual([3, 4]);
    expect(loaded.evaluate({ x: [14, -1, 2.5], features: 3, targets: [3, 4] }).loss).toBe(0);
  });

  it('is absent from a model without one', async () => {
    const path = join(directory, 'plain.safetensors');
    await new Model(CONFIG, allocate('f64', 8)).save(path);
    expect((await loadCheckpoint(path)).standardization).toBeNull();
    expect((await readSafetensors(path)).metadata.standardize).toBeUndefined();
  });

  it.each<[string, Parameters<typeof savedFile>[0], string]>([
    [
      'a mean of the wrong length',
      (f) => (f.tensors['standardize.mean'] = vector([1, 2])),
      'has shape [2], expected [3]',
    ],
    [
      'a NaN mean',
      (f) => (f.tensors['standardize.mean'] = vector([1, Number.NaN, 2])),
      'holds NaN at index 1',
    ],
    ['a zero scale', (f) => (f.tensors['standardize.scale'] = vector([1, 0, 2])), 'holds 0 at index 1'],
    ['a negative scale', (f) => (f.tensors['standardize.scale'] = vector([-1, 1, 2])), 'holds -1 at index 0'],
    [
      'an infinite scale',
      (f) => (f.tensors['standardize.scale'] = vector([1, 1, Infinity])),
      'holds Infinity',
    ],
    [
      'a scale in f32',
      (f) =>
        (f.tensors['standardize.scale'] = { dtype: 'F32', shape: [3], data: Float32Array.from([1, 1, 1]) }),
      'is F32',
    ],
    [
      'a missing scale',
      (f) => delete f.tensors['standardize.scale'],
      'tensor "standardize.scale" is missing',
    ],
    [
      'tensors without the metadata',
      (f) => delete f.metadata.standardize,
      'unexpected tensor "standardize.mean"',
    ],
    ['metadata not JSON', (f) => (f.metadata.standardize = '{rows'), 'metadata "standardize" is not'],
    [
      'metadata with 0 rows',
      (f) => (f.metadata.standardize = '{"rows":0,"formula":"(x - mean) / scale"}'),
      'is not',
    ],
  ])('refuses %s with one line naming the file', async (_, edit, fragment) => {
    const path = await savedFile(edit);
    const error = await loadModel(path).then(
      () => null,
      (thrown: unknown) => thrown as Error,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error!.message).toContain(path);
    expect(error!.message).toContain(fragment);
    expect(error!.message).not.toContain('\n');
  });

  it('refuses statistics that do not fit the model when built from code', () => {
    const parameters = allocate('f64', 8);
    const bad = { mean: Float64Array.from([0, 0]), scale: Float64Array.from([1, 1]), rows: 1 };
    expect(() => new Model(CONFIG, parameters, { standardization: bad })).toThrow(/3 means and 3 scales/);
    const zero = { mean: Float64Array.from([0, 0, 0]), scale: Float64Array.from([1, 0, 1]), rows: 1 };
    expect(() => new Model(CONFIG, parameters, { standardization: zero })).toThrow(/scale 0/);
  });
});

function vector(values: number[]): SafetensorsTensor {
  return { dtype: 'F64', shape: [values.length], data: Float64Array.from(values) };
}
