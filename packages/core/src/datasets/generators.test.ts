import { describe, expect, it } from 'vitest';
import type { DType } from '../dtype.js';
import { blobCentreScale, blobs } from './blobs.js';
import { type Dataset, type DatasetOptions, validateDataset } from './dataset.js';
import { DATASET_NAMES, isDatasetName, makeDataset } from './registry.js';

/** Options each generator is tested with, beyond samples/seed/dtype. */
const SHAPES = {
  blobs: { options: { classes: 4, features: 5 }, features: 5, classes: 4, outputs: 4 },
  spirals: { options: {}, features: 2, classes: 3, outputs: 3 },
  moons: { options: {}, features: 2, classes: 2, outputs: 2 },
  xor: { options: { noise: 0.05 }, features: 2, classes: 2, outputs: 2 },
  circles: { options: {}, features: 2, classes: 2, outputs: 2 },
  teacher: { options: { features: 6, outputs: 3, noise: 0.01 }, features: 6, classes: 0, outputs: 3 },
} as const;

function make(
  name: (typeof DATASET_NAMES)[number],
  seed: number,
  dtype: DType = 'f64',
  samples = 301,
): Dataset {
  return makeDataset(name, { samples, seed, dtype, ...SHAPES[name].options });
}

describe.each(DATASET_NAMES)('%s', (name) => {
  const shape = SHAPES[name];

  it('has the promised shape, dtype and classes, and validates', () => {
    for (const dtype of ['f32', 'f64'] as const) {
      const d = make(name, 1, dtype);
      validateDataset(d);
      expect(d.rows).toBe(301);
      expect(d.features).toBe(shape.features);
      expect(d.classes).toBe(shape.classes);
      expect(d.outputs).toBe(shape.outputs);
      expect(d.x).toBeInstanceOf(dtype === 'f32' ? Float32Array : Float64Array);
      expect(d.x.length).toBe(301 * shape.features);
      if (shape.classes > 0) {
        expect(d.labels).toBeInstanceOf(Int32Array);
        expect(d.targets).toBeNull();
      } else {
        expect(d.labels).toBeNull();
        expect(d.targets).toBeInstanceOf(dtype === 'f32' ? Float32Array : Float64Array);
        expect(d.targets!.length).toBe(301 * shape.outputs);
      }
    }
  });

  it('is deterministic for a seed and different for another seed', () => {
    const a = make(name, 7);
    const b = make(name, 7);
    const c = make(name, 8);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.labels && Array.from(a.labels)).toEqual(b.labels && Array.from(b.labels));
    expect(a.targets && Array.from(a.targets)).toEqual(b.targets && Array.from(b.targets));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
  });

  it('gives the same values in f32 as in f64, up to float32 rounding', () => {
    const single = make(name, 3, 'f32');
    const double = make(name, 3, 'f64');
    expect(Array.from(single.x)).toEqual(Array.from(Float32Array.from(double.x)));
    expect(single.labels && Array.from(single.labels)).toEqual(double.labels && Array.from(double.labels));
    if (double.targets)
      expect(Array.from(single.targets!)).toEqual(Array.from(Float32Array.from(double.targets)));
  });

  it('uses every class, balanced and mixed across the row order', () => {
    const d = make(name, 5, 'f64', 300);
    if (shape.classes === 0) return;
    const counts = new Int32Array(shape.classes);
    for (const label of d.labels!) counts[label]!++;
    for (const count of counts) expect(count).toBe(300 / shape.classes);
    // Not in class blocks: labels change between consecutive rows often (≈ (1 − 1/classes) of the time).
    let changes = 0;
    for (let i = 1; i < d.rows; i++) if (d.labels![i] !== d.labels![i - 1]) changes++;
    expect(changes).toBeGreaterThan(0.3 * d.rows);
  });

  it('works at the smallest size (one row per class)', () => {
    const samples = Math.max(1, shape.classes);
    validateDataset(makeDataset(name, { samples, seed: 0, dtype: 'f32', ...shape.options }));
  });
});

describe('generator options', () => {
  it('rejects bad or inapplicable options with a message naming them', () => {
    const base: DatasetOptions = { samples: 100, seed: 1, dtype: 'f32' };
    expect(() => makeDataset('blobs', { ...base, samples: 0 })).toThrow(/blobs: samples/);
    expect(() => makeDataset('blobs', { ...base, samples: 2 })).toThrow(/samples must be an integer ≥ 3/);
    expect(() => makeDataset('spirals', { ...base, samples: 10.5 })).toThrow(/samples/);
    expect(() => makeDataset('moons', { ...base, noise: -1 })).toThrow(/moons: noise/);
    expect(() => makeDataset('xor', { ...base, features: 3 })).toThrow(/xor: features is fixed at 2/);
    expect(() => makeDataset('circles', { ...base, classes: 3 })).toThrow(/circles: classes/);
    expect(() => makeDataset('blobs', { ...base, classes: 1 })).toThrow(/blobs: classes/);
    expect(() => makeDataset('blobs', { ...base, outputs: 5 })).toThrow(/blobs: outputs/);
    expect(() => makeDataset('teacher', { ...base, classes: 2 })).toThrow(/teacher: classes/);
    expect(() => makeDataset('teacher', { ...base, seed: Number.NaN })).toThrow(/seed/);
    expect(() => makeDataset('teacher', { ...base, dtype: 'f16' as DType })).toThrow(/dtype/);
    expect(() => makeDataset('mnist', base)).toThrow(/Unknown dataset 'mnist'.*blobs, spirals/);
    expect(isDatasetName('moons')).toBe(true);
    expect(isDatasetName('mnist')).toBe(false);
  });

  it('uses the documented defaults', () => {
    const base: DatasetOptions = { samples: 30, seed: 1, dtype: 'f64' };
    expect(makeDataset('blobs', base)).toMatchObject({ features: 2, classes: 3, outputs: 3 });
    expect(makeDataset('spirals', { ...base, classes: 5 })).toMatchObject({
      features: 2,
      classes: 5,
      outputs: 5,
    });
    expect(makeDataset('teacher', base)).toMatchObject({ features: 8, classes: 0, outputs: 2 });
  });
});

describe('generator geometry', () => {
  it('spirals lie within the unit disc (plus noise) with radius spread over [0, 1]', () => {
    const d = makeDataset('spirals', { samples: 1500, seed: 2, dtype: 'f64' });
    let maxRadius = 0;
    for (let i = 0; i < d.rows; i++)
      maxRadius = Math.max(maxRadius, Math.hypot(d.x[2 * i]!, d.x[2 * i + 1]!));
    expect(maxRadius).toBeCloseTo(1, 12); // noise is angular, so radii stay exactly in [0, 1]
  });

  it('circles: the inner class sits at radius 0.5, the outer at 1', () => {
    const d = makeDataset('circles', { samples: 400, seed: 2, dtype: 'f64', noise: 0 });
    for (let i = 0; i < d.rows; i++) {
      const radius = Math.hypot(d.x[2 * i]!, d.x[2 * i + 1]!);
      expect(radius).toBeCloseTo(d.labels![i] === 0 ? 1 : 0.5, 12);
    }
  });

  it('moons without noise lie on their half circles', () => {
    const d = makeDataset('moons', { samples: 200, seed: 2, dtype: 'f64', noise: 0 });
    for (let i = 0; i < d.rows; i++) {
      const [cx, cy] = d.labels![i] === 0 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(d.x[2 * i]! - cx, d.x[2 * i + 1]! - cy)).toBeCloseTo(1, 12);
    }
  });

  it('xor without noise labels by the signs of the coordinates, inside [-1, 1]²', () => {
    const d = makeDataset('xor', { samples: 1000, seed: 2, dtype: 'f64' });
    for (let i = 0; i < d.rows; i++) {
      const a = d.x[2 * i]!;
      const b = d.x[2 * i + 1]!;
      expect(Math.abs(a) <= 1 && Math.abs(b) <= 1).toBe(true);
      expect(d.labels![i]).toBe(a > 0 !== b > 0 ? 1 : 0);
    }
  });

  it('teacher targets vary with the input and noise changes only the targets', () => {
    const clean = makeDataset('teacher', { samples: 500, seed: 4, dtype: 'f64' });
    const noisy = makeDataset('teacher', { samples: 500, seed: 4, dtype: 'f64', noise: 0.1 });
    const targets = clean.targets!;
    let mean = 0;
    for (const t of targets) mean += t / targets.length;
    let variance = 0;
    for (const t of targets) variance += (t - mean) ** 2 / targets.length;
    expect(variance).toBeGreaterThan(0.05);
    // Same teacher and inputs for the first row (noise draws come after each row's inputs).
    expect(Array.from(noisy.x.subarray(0, 8))).toEqual(Array.from(clean.x.subarray(0, 8)));
    expect(noisy.targets![0]).not.toBe(targets[0]);
  });

  it('blobs are clustered around their centres with std = noise', () => {
    const d = makeDataset('blobs', { samples: 3000, seed: 6, dtype: 'f64', features: 3, noise: 0.5 });
    const sums = new Float64Array(9);
    const counts = new Int32Array(3);
    for (let i = 0; i < d.rows; i++) {
      counts[d.labels![i]!]!++;
      for (let j = 0; j < 3; j++) sums[d.labels![i]! * 3 + j]! += d.x[i * 3 + j]!;
    }
    let squared = 0;
    for (let i = 0; i < d.rows; i++) {
      const c = d.labels![i]!;
      for (let j = 0; j < 3; j++) squared += (d.x[i * 3 + j]! - sums[c * 3 + j]! / counts[c]!) ** 2;
    }
    expect(Math.sqrt(squared / (d.rows * 3))).toBeCloseTo(0.5, 1);
    const limit = 5 * blobCentreScale(3);
    for (let k = 0; k < 9; k++)
      expect(Math.abs(sums[k]! / counts[Math.floor(k / 3)]!)).toBeLessThan(limit + 0.1);
  });

  it('blobs 100000 × 784 f32 (the MNIST-like benchmark set) generates at full size', () => {
    // No time bound (load stretches any): how fast it generates is the benchmarks' business.
    const d = blobs({ samples: 100_000, seed: 1, dtype: 'f32', features: 784, classes: 10 });
    expect(d.x.length).toBe(100_000 * 784);
    expect(d.labels!.length).toBe(100_000);
  });
});
