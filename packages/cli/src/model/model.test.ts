import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allocate,
  createMlp,
  createWorkspace,
  type DType,
  evaluateRows,
  type FloatArray,
  initParameters,
  type MlpConfig,
  makeDataset,
  predictRows,
  Rng,
} from '@shardwise/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../checkpoint/checkpoint.js';
import { CheckpointError, DataError } from '../errors.js';

import type { ForwardKernelChoice } from './kernel-choice.js';
import { loadModel, Model } from './model.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-model-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const CE: MlpConfig = {
  sizes: [4, 8, 3],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
};
const MSE: MlpConfig = {
  sizes: [4, 6, 2],
  activation: 'tanh',
  loss: 'mse',
  outActivation: 'tanh',
  dtype: 'f32',
};

function trainedLike(config: MlpConfig, seed = 1, kernels: ForwardKernelChoice = 'auto'): Model {
  const mlp = createMlp(config);
  const parameters = allocate(config.dtype, mlp.layout.count);
  initParameters(mlp, parameters, new Rng(seed));
  // Non-zero biases so that every parameter matters.
  for (const { biasOffset, outputs } of mlp.layout.layers) {
    for (let o = 0; o < outputs; o++) parameters[biasOffset + o] = 0.1 * (o - 1);
  }
  return new Model(config, parameters, { kernels });
}

function rowsOf(dtype: DType, rows: number, width: number, seed: number): FloatArray {
  const rng = new Rng(seed);
  const values = allocate(dtype, rows * width);
  for (let i = 0; i < values.length; i++) values[i] = rng.normal() * 3;
  return values;
}

function labelsOf(rows: number, classes: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, r) => (r * 7) % classes);
}

describe('Model', () => {
  it('copies its parameters and reports inputs and outputs', () => {
    const parameters = new Float64Array(createMlp(CE).layout.count).fill(0.5);
    const model = new Model(CE, parameters);
    parameters.fill(9);
    expect(model.parameters[0]).toBe(0.5);
    expect(model.inputs).toBe(4);
    expect(model.outputs).toBe(3);
    expect(model.config).toEqual(CE);
  });

  it('rejects parameters of the wrong length', () => {
    expect(() => new Model(CE, new Float64Array(5))).toThrow(/got 5 values, but sizes \[4,8,3\] need 67/);
  });

  it('predicts class probabilities that sum to 1 per row (ce), matching core predictRows', () => {
    const model = trainedLike(CE);
    const rows = 2500; // more than one chunk
    const x = rowsOf('f64', rows, 4, 2);
    const probabilities = model.predict(x);
    expect(probabilities).toBeInstanceOf(Float64Array);
    expect(probabilities.length).toBe(rows * 3);
    for (let r = 0; r < rows; r++) {
      const row = probabilities.subarray(r * 3, r * 3 + 3);
      expect(row[0]! + row[1]! + row[2]!).toBeCloseTo(1, 12);
      for (const p of row) expect(p).toBeGreaterThanOrEqual(0);
    }
    const mlp = createMlp(CE);
    const expected = allocate('f64', rows * 3);
    predictRows(mlp, model.parameters, x, rows, expected, createWorkspace(mlp, 64));
    // The TypeScript kernels are core's predictRows to the bit. The default WebAssembly kernels
    // agree to tolerance only: the relaxed-SIMD build (the default where the runtime enables it)
    // fuses each multiply-add, which rounds once instead of twice.
    expect(trainedLike(CE, 1, 'ts').predict(x)).toEqual(expected);
    for (let i = 0; i < expected.length; i++)
      expect(Math.abs(probabilities[i]! - expected[i]!)).toBeLessThan(1e-13);
  });

  it('predicts a row to the same bits whatever rows it is predicted with, on each kernel build', () => {
    for (const kernels of ['auto', 'ts'] as const) {
      for (const dtype of ['f64', 'f32'] as const) {
        const model = trainedLike({ ...CE, dtype }, 4, kernels);
        const rows = 1300;
        const x = rowsOf(dtype, rows, 4, 8);
        const whole = model.predict(x);
        const pieces = allocate(dtype, rows * 3);
        for (let r = 0; r < rows; r += 97) {
          const end = Math.min(r + 97, rows);
          pieces.set(model.predict(x.subarray(r * 4, end * 4)), r * 3);
        }
        expect(pieces, `${kernels} ${dtype}`).toEqual(whole);
        expect(trainedLike({ ...CE, dtype }, 4, kernels).predict(x), `${kernels} ${dtype}`).toEqual(whole);
      }
    }
  });

  it('accepts plain arrays and converts them to the model dtype', () => {
    const model = trainedLike(MSE);
    const x = Array.from(rowsOf('f32', 5, 4, 3));
    const outputs = model.predict(x);
    expect(outputs).toBeInstanceOf(Float32Array);
    expect(outputs).toEqual(model.predict(Float32Array.from(x)));
  });

  it('keeps mse outputs with a tanh output activation inside (-1, 1)', () => {
    const model = trainedLike(MSE);
    const outputs = model.predict(rowsOf('f32', 50, 4, 4));
    expect(outputs.length).toBe(100);
    for (const value of outputs) expect(Math.abs(value)).toBeLessThan(1);
  });

  it('predicts nothing for zero rows', () => {
    expect(trainedLike(CE).predict([]).length).toBe(0);
  });

  it('evaluates like core evaluateRows (labels, ce)', () => {
    const model = trainedLike(CE);
    const rows = 1500;
    const x = rowsOf('f64', rows, 4, 5);
    const labels = labelsOf(rows, 3);
    const result = model.evaluate({ x, features: 4, labels });
    const mlp = createMlp(CE);
    const source = { features: 4, outputs: 3, x, labels, targets: null };
    const expected = evaluateRows(mlp, model.parameters, source, rows, createWorkspace(mlp, 100));
    expect(result.loss).toBeCloseTo(expected.loss, 12);
    expect(result.accuracy).toBe(expected.accuracy);
  });

  it('evaluates like core evaluateRows (targets, mse), without an accuracy', () => {
    const x = rowsOf('f32', 40, 4, 6);
    const targets = rowsOf('f32', 40, 2, 7).map((v) => Math.tanh(v));
    const mlp = createMlp(MSE);
    const source = { features: 4, outputs: 2, x, labels: null, targets };
    const data = { x: Array.from(x), features: 4, targets: Array.from(targets) };
    // The TypeScript kernels are core's evaluateRows to the bit; the WebAssembly ones (the default
    // where supported) sum the float32 products in another order.
    const exact = trainedLike(MSE, 1, 'ts');
    const expected = evaluateRows(mlp, exact.parameters, source, 40, createWorkspace(mlp, 40));
    expect(exact.evaluate(data)).toEqual({ loss: expected.loss, metrics: expect.anything() });
    const result = trainedLike(MSE).evaluate(data);
    expect(Object.keys(result)).toEqual(['loss', 'metrics']);
    expect(Math.abs(result.loss - expected.loss)).toBeLessThan(1e-6 * expected.loss);
  });

  it('runs predict and evaluate on the WebAssembly kernels like the TypeScript ones', () => {
    for (const config of [CE, MSE, { ...CE, dtype: 'f32' as const }]) {
      const x = rowsOf(config.dtype, 2100, 4, 12);
      const [wasm, ts] = [trainedLike(config, 3), trainedLike(config, 3, 'ts')];
      const tolerance = config.dtype === 'f32' ? 1e-6 : 1e-13;
      const [a, b] = [wasm.predict(x), ts.predict(x)];
      for (let i = 0; i < b.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tolerance);
      const labels = labelsOf(2100, config.sizes.at(-1)!);
      const data =
        config.loss === 'ce'
          ? { x, features: 4, labels }
          : { x, features: 4, targets: rowsOf(config.dtype, 2100, 2, 13) };
      const [ea, eb] = [wasm.evaluate(data), ts.evaluate(data)];
      expect(Math.abs(ea.loss - eb.loss)).toBeLessThan(tolerance * eb.loss);
      expect(ea.accuracy).toBe(eb.accuracy);
    }
  });

  it('evaluates a core Dataset directly', () => {
    const model = trainedLike({ ...CE, sizes: [2, 8, 3] });
    const dataset = makeDataset('spirals', { samples: 300, seed: 1, dtype: 'f64', classes: 3 });
    const result = model.evaluate(dataset);
    // Accuracy by hand: the rows whose most probable class is their label.
    const probabilities = model.predict(dataset.x);
    let correct = 0;
    for (let r = 0; r < dataset.rows; r++) {
      const row = Array.from(probabilities.subarray(3 * r, 3 * r + 3));
      if (row.indexOf(Math.max(...row)) === dataset.labels![r]) correct++;
    }
    expect(result.accuracy).toBe(correct / dataset.rows);
    // And the loss: the mean of −log p(label).
    let loss = 0;
    for (let r = 0; r < dataset.rows; r++) loss -= Math.log(probabilities[3 * r + dataset.labels![r]!]!);
    expect(result.loss).toBeCloseTo(loss / dataset.rows, 6);
  });

  it('round-trips through save and loadModel, predicting identically', async () => {
    for (const config of [CE, MSE]) {
      const model = trainedLike(config, 11);
      const path = join(directory, `model-${config.loss}.safetensors`);
      await model.save(path);
      expect((await loadCheckpoint(path)).training).toBeNull();
      const loaded = await loadModel(path);
      expect(loaded.config).toEqual(config);
      expect(loaded.parameters).toEqual(model.parameters);
      const x = rowsOf(config.dtype, 30, 4, 8);
      expect(loaded.predict(x)).toEqual(model.predict(x));
    }
  });

  it('loadModel reports a missing file as a CheckpointError', async () => {
    const path = join(directory, 'absent.safetensors');
    await expect(loadModel(path)).rejects.toThrow(CheckpointError);
    await expect(loadModel(path)).rejects.toThrow(`checkpoint not found: ${path}`);
  });
});

describe('Model data errors', () => {
  const ce = trainedLike(CE);
  const mse = trainedLike(MSE);
  const x = (rows: number, width = 4) => Array.from(rowsOf('f64', rows, width, 9));

  it.each<[string, () => unknown, string]>([
    [
      'x not a multiple of the inputs',
      () => ce.predict([1, 2, 3, 4, 5]),
      "x has 5 values, not a multiple of the model's 4 inputs",
    ],
    ['non-finite x', () => ce.predict([1, 2, Number.NaN, 4]), 'x has NaN at row 0, column 2'],
    ['non-numeric x', () => ce.predict(['1', 2, 3, 4] as never), 'x has the string "1" at row 0, column 0'],
    ['x not an array', () => ce.predict(42 as never), 'x must be an array'],
    [
      'features differ from the model',
      () => ce.evaluate({ x: x(2, 3), features: 3, labels: [0, 1] }),
      'data has 3 features, the model expects 4',
    ],
    [
      'x not a multiple of features',
      () => ce.evaluate({ x: [1, 2, 3], features: 4, labels: [0] }),
      'not a multiple of 4 features',
    ],
    ['no rows', () => ce.evaluate({ x: [], features: 4, labels: [] }), 'data has no rows'],
    [
      'label out of range',
      () => ce.evaluate({ x: x(2), features: 4, labels: [0, 3] }),
      "data.labels[1] is class 3, out of range for the model's 3 classes",
    ],
    [
      'label not an integer',
      () => ce.evaluate({ x: x(2), features: 4, labels: [0, 1.5] }),
      'data.labels[1] is 1.5, not an integer',
    ],
    [
      'more classes than outputs',
      () => ce.evaluate({ x: x(2), features: 4, labels: [0, 1], classes: 4 }),
      'data has 4 classes, the model has 3',
    ],
    [
      'labels count differs from rows',
      () => ce.evaluate({ x: x(2), features: 4, labels: [0] }),
      'data.labels has 1 entries for 2 rows',
    ],
    [
      'labels given to an mse model',
      () => mse.evaluate({ x: x(2), features: 4, labels: [0, 1] }),
      'labels were given to a regression (mse) model',
    ],
    [
      'target width differs from outputs',
      () => mse.evaluate({ x: x(2), features: 4, targets: [1, 2, 3, 4, 5, 6] }),
      'data.targets has 6 values for 2 rows (3 per row); the model has 2 outputs',
    ],
    [
      'both labels and targets',
      () => ce.evaluate({ x: x(1), features: 4, labels: [0], targets: [1, 0, 0] }),
      'not both',
    ],
    ['neither labels nor targets', () => ce.evaluate({ x: x(1), features: 4 }), 'data needs labels'],
    [
      'non-finite targets',
      () => mse.evaluate({ x: x(1), features: 4, targets: [0, Number.POSITIVE_INFINITY] }),
      'data.targets has Infinity at row 0, column 1',
    ],
    [
      'a dataset with another output width',
      () =>
        mse.evaluate({
          x: Float32Array.from(x(2)),
          features: 4,
          labels: null,
          targets: new Float32Array(6),
          rows: 2,
          outputs: 3,
        }),
      'data has 3 outputs per row, the model has 2',
    ],
    [
      'a dataset whose x disagrees with its rows',
      () =>
        ce.evaluate({
          x: new Float64Array(4),
          features: 4,
          labels: new Int32Array(2),
          targets: null,
          rows: 2,
          outputs: 3,
        }),
      'data.x has 4 values, expected rows × features = 2 × 4',
    ],
  ])('%s', (_, call, fragment) => {
    expect(call).toThrow(DataError);
    expect(call).toThrow(fragment);
  });
});
