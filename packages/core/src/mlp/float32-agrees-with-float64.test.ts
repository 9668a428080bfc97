// The same network and data in float32 and float64 give the same loss and gradient to float32
// accuracy (about 1e-4 relative), so `--dtype f32` trains the same model as f64, only faster.
import { describe, expect, it } from 'vitest';
import { labelledSource, lcg, regressionSource } from '../testing/sources.js';
import type { MlpConfig } from './config.js';
import { forwardBackward } from './forward-backward.js';
import { createMlp } from './mlp.js';
import type { RowSource } from './row-source.js';
import { createWorkspace } from './workspace.js';

function asFloat32(source: RowSource): RowSource {
  return {
    ...source,
    x: Float32Array.from(source.x),
    targets: source.targets && Float32Array.from(source.targets),
  };
}

function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff / norm);
}

describe('float32 agrees with float64', () => {
  const cases: { name: string; config: Omit<MlpConfig, 'dtype'>; source: RowSource }[] = [
    {
      name: 'relu + ce',
      config: { sizes: [20, 32, 16, 5], activation: 'relu', loss: 'ce', outActivation: 'identity' },
      source: labelledSource('f64', 50, 20, 5, 3),
    },
    {
      name: 'tanh + tanh-mse',
      config: { sizes: [20, 32, 4], activation: 'tanh', loss: 'mse', outActivation: 'tanh' },
      source: regressionSource('f64', 50, 20, 4, 4),
    },
    {
      name: 'sigmoid + ce',
      config: { sizes: [20, 24, 3], activation: 'sigmoid', loss: 'ce', outActivation: 'identity' },
      source: labelledSource('f64', 50, 20, 3, 5),
    },
  ];
  it.each(cases)('$name: loss and gradient within 1e-4 relative', ({ config, source }) => {
    const m64 = createMlp({ ...config, dtype: 'f64' });
    const m32 = createMlp({ ...config, dtype: 'f32' });
    const next = lcg(11);
    // Parameters exactly representable in float32, so only the arithmetic differs.
    const p32 = Float32Array.from({ length: m64.layout.count }, () => next() * 0.3);
    const p64 = Float64Array.from(p32);
    const g32 = new Float32Array(p32.length);
    const g64 = new Float64Array(p64.length);
    const l32 = forwardBackward(m32, p32, g32, asFloat32(source), null, 0, 50, createWorkspace(m32, 50));
    const l64 = forwardBackward(m64, p64, g64, source, null, 0, 50, createWorkspace(m64, 50));
    expect(Math.abs(l32 - l64) / l64).toBeLessThan(1e-4);
    expect(relativeDistance(g32, g64)).toBeLessThan(1e-4);
  });
});
