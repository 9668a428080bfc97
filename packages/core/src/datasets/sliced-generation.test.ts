import { describe, expect, it } from 'vitest';
import { Rng } from '../rng.js';
import { DATASET_NAMES, datasetShape, generateDataset, makeDataset } from './registry.js';
import { VALUES_PER_SLICE } from './sliced-generation.js';

// More rows than one slice, so every generator pauses several times.
const SAMPLES = 3 * VALUES_PER_SLICE + 17;

/**
 * The same fields, typed arrays equal byte for byte (of the same type and length): as strict as
 * toEqual on the values, and far faster on millions of them.
 */
function expectSameDataset(actual: object, expected: object): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, value] of Object.entries(expected)) {
    const got: unknown = (actual as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(value) && ArrayBuffer.isView(got)) {
      expect(got.constructor, key).toBe(value.constructor);
      expect(got.byteLength, key).toBe(value.byteLength);
      const bytes = (view: ArrayBufferView) => Buffer.from(view.buffer, view.byteOffset, view.byteLength);
      expect(bytes(got).equals(bytes(value)), `${key}: the same bytes`).toBe(true);
    } else {
      expect(got, key).toEqual(value);
    }
  }
}

describe('sliced generation', () => {
  it.each(DATASET_NAMES)('%s: the sliced run gives exactly the rows of the one-go run', async (name) => {
    const options = { samples: SAMPLES, seed: 11, dtype: 'f64' as const };
    const whole = makeDataset(name, options);
    const sliced = await generateDataset(name, options);
    expectSameDataset(sliced, whole);
    const shape = datasetShape(name, options);
    expect([shape.rows, shape.features, shape.outputs, shape.classes]).toEqual([
      whole.rows,
      whole.features,
      whole.outputs,
      whole.classes,
    ]);
  });

  it('stops at an abort, with the signal reason, before generating the rest', async () => {
    const controller = new AbortController();
    const started = generateDataset(
      'teacher',
      { samples: 2_000_000, features: 64, seed: 1, dtype: 'f32' },
      controller.signal,
    );
    // Abort from a timer: it can only run if the generation gives the event loop turns.
    setTimeout(() => controller.abort(), 1);
    await expect(started).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('checks options in the shape, before generating', () => {
    expect(() => datasetShape('blobs', { samples: 2, classes: 3, seed: 1, dtype: 'f32' })).toThrow(
      /samples must be an integer ≥ 3/,
    );
    expect(() => datasetShape('moons', { samples: 10, features: 3, seed: 1, dtype: 'f32' })).toThrow(
      /fixed at 2/,
    );
    expect(datasetShape('blobs', { samples: 10, features: 1e9, seed: 1, dtype: 'f32' }).features).toBe(1e9);
  });

  it('a shuffle in pieces draws exactly as the whole shuffle', () => {
    const whole = Int32Array.from({ length: 1000 }, (_, i) => i);
    const pieces = whole.slice();
    new Rng(5).shuffle(whole, 3, 900);
    const rng = new Rng(5);
    for (let high = 899; high > 3; ) {
      const low = Math.max(3, high - 97);
      rng.shuffleSteps(pieces, 3, high, low);
      high = low;
    }
    expect(pieces).toEqual(whole);
  });
});
