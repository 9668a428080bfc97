import type { MlpConfig } from '@shardwise/core';
import { describe, expect, it } from 'vitest';

import { toRowSource } from './row-source-from-arrays.js';

const CE: MlpConfig = {
  sizes: [2, 5, 3],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f32',
};
const MSE: MlpConfig = { ...CE, loss: 'mse', dtype: 'f64' };

describe('toRowSource', () => {
  it('converts plain arrays into the model dtype, with rows and outputs', () => {
    const source = toRowSource({ x: [1, 2, 3, 4, 5, 6], features: 2, labels: [0, 2, 1] }, CE);
    expect(source.rows).toBe(3);
    expect(source.features).toBe(2);
    expect(source.outputs).toBe(3);
    expect(source.x).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
    expect(source.labels).toEqual(new Int32Array([0, 2, 1]));
    expect(source.targets).toBeNull();
  });

  it('uses arrays that already have the right type without copying them', () => {
    const x = new Float64Array([1, 2]);
    const targets = new Float64Array([0.5, 0.25, 0.25]);
    const source = toRowSource({ x, features: 2, targets }, MSE);
    expect(source.x).toBe(x);
    expect(source.targets).toBe(targets);
    expect(source.labels).toBeNull();
  });

  it('copies arrays of another float type', () => {
    const x = new Float64Array([0.1, 0.2]);
    const source = toRowSource({ x, features: 2, labels: new Int32Array([1]) }, CE);
    expect(source.x).toBeInstanceOf(Float32Array);
    expect(source.x[0]).toBe(Math.fround(0.1));
  });

  it('accepts soft targets for ce and fewer declared classes than outputs', () => {
    expect(toRowSource({ x: [1, 2], features: 2, targets: [0.2, 0.3, 0.5] }, CE).targets).toHaveLength(3);
    expect(toRowSource({ x: [1, 2], features: 2, labels: [1], classes: 2 }, CE).labels).toHaveLength(1);
  });
});
