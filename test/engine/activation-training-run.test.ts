// A short trained run with each added activation gives the same model on the TypeScript and the
// WebAssembly kernels and with 1, 2 or 3 workers: float64, to 1e-10 after 4 epochs (the kernels
// differ by an ulp or two in exp for gelu; the workers in the order the gradient is summed).
import { train } from 'shardwise';
import { describe, expect, it } from 'vitest';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe.each([
  { activation: 'leaky_relu', negativeSlope: 0.2 },
  { activation: 'gelu' },
  { activation: 'gelu_tanh' },
] as const)('$activation', (architecture) => {
  it('trains to the same model on ts and wasm kernels with 1–3 workers', async () => {
    const options = {
      ...architecture,
      dataset: 'spirals',
      samples: 300,
      hidden: [16, 16],
      epochs: 4,
      batchSize: 32,
      dtype: 'f64',
      seed: 3,
    } as const;
    const reference = await train({ ...options, kernels: 'ts', workers: 1 });
    const losses = reference.history.map((epoch) => epoch.loss);
    expect(losses.at(-1)!).toBeLessThan(0.9 * losses[0]!); // it learns
    expect(reference.model.config).toMatchObject(architecture);
    for (const kernels of ['ts', 'wasm'] as const) {
      for (const workers of [1, 2, 3]) {
        if (kernels === 'ts' && workers === 1) continue;
        const run = await train({ ...options, kernels, workers });
        expect(
          maxAbsDiff(run.model.parameters, reference.model.parameters),
          `${kernels} × ${workers}`,
        ).toBeLessThan(1e-10);
        expect(Math.abs(run.history.at(-1)!.loss - losses.at(-1)!)).toBeLessThan(1e-10);
      }
    }
  });
});
