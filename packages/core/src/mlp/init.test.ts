// The initialisation each activation's definition names, by its statistics on a 400 → 300 layer:
// He normal has mean 0 and standard deviation √(gain²/400), with PyTorch's calculate_gain (relu √2,
// leaky_relu √(2/(1 + slope²))); Glorot uniform stays within ±√(6/700) and has its uniform spread;
// biases start at zero.
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type Activation } from '../kernels/activations.js';
import { Rng } from '../rng.js';
import { initParameters } from './init.js';
import { createMlp } from './mlp.js';

const expected: Record<Activation, { scheme: 'normal' | 'uniform'; spread: number }> = {
  relu: { scheme: 'normal', spread: Math.sqrt(2 / 400) },
  leaky_relu: { scheme: 'normal', spread: Math.sqrt(2 / (1 + 0.5 * 0.5) / 400) },
  gelu: { scheme: 'normal', spread: Math.sqrt(2 / 400) },
  gelu_tanh: { scheme: 'normal', spread: Math.sqrt(2 / 400) },
  sigmoid: { scheme: 'uniform', spread: Math.sqrt(6 / 700) },
  tanh: { scheme: 'uniform', spread: Math.sqrt(6 / 700) },
};

describe.each(ACTIVATIONS)('%s', (activation) => {
  it('draws the weights its definition names, biases zero', () => {
    const mlp = createMlp({
      sizes: [400, 300],
      activation,
      negativeSlope: 0.5,
      loss: 'mse',
      outActivation: 'identity',
      dtype: 'f64',
    });
    const params = new Float64Array(mlp.layout.count).fill(9);
    initParameters(mlp, params, new Rng(4));
    const weights = params.subarray(0, 400 * 300);
    const n = weights.length;
    const mean = weights.reduce((s, w) => s + w, 0) / n;
    const std = Math.sqrt(weights.reduce((s, w) => s + (w - mean) ** 2, 0) / n);
    const { scheme, spread } = expected[activation];
    // 120,000 draws: the sample mean and deviation are within 1% of the spread (≈ 3σ of sampling).
    expect(Math.abs(mean)).toBeLessThan(0.01 * spread);
    if (scheme === 'normal') {
      expect(Math.abs(std / spread - 1)).toBeLessThan(0.01);
    } else {
      expect(Math.abs(std / (spread / Math.sqrt(3)) - 1)).toBeLessThan(0.01);
      expect(Math.max(...weights.map(Math.abs))).toBeLessThanOrEqual(spread);
    }
    expect(Array.from(params.subarray(400 * 300))).toEqual(new Array(300).fill(0));
  });
});
