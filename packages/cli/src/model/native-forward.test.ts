// Model.predict / Model.evaluate on the native kernels (the system's CBLAS GEMM, the rest on
// WebAssembly) against the TypeScript reference: to 1e-12 in float64, and in float32 within the
// rounding bound derived below. `auto` runs native on a model with a large layer and wasm on a
// small one. Skipped, with the reason printed, where the addon is not built.
import {
  allocate,
  createMlp,
  createWorkspace,
  type DType,
  type FloatArray,
  initParameters,
  type MlpConfig,
  predictRows,
  Rng,
} from '@shardwise/core';
import { nativeKernelsUnavailable } from '@shardwise/worker';
import { describe, expect, it, vi } from 'vitest';
import type { ForwardKernelChoice } from './kernel-choice.js';
import { Model } from './model.js';

/** Calls of the native GEMM made through the forward runner, counted by wrapping it. */
const nativeCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@shardwise/worker', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@shardwise/worker')>();
  return {
    ...actual,
    nativeGemm: () => {
      const gemm = actual.nativeGemm();
      return (
        gemm &&
        ((...args: Parameters<typeof gemm>) => {
          nativeCalls.count++;
          return gemm(...args);
        })
      );
    },
  };
});

const missing = nativeKernelsUnavailable();
if (missing) console.warn(`native forward tests skipped: ${missing}`);

// 40 × 32 = 1280 and 48 × 24 = 1152 weights: above auto's threshold of 1024, so auto runs native.
const CE: MlpConfig = {
  sizes: [40, 32, 3],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
};
const MSE: MlpConfig = {
  sizes: [48, 24, 2],
  activation: 'tanh',
  loss: 'mse',
  outActivation: 'tanh',
  dtype: 'f64',
};
const ROWS = 1500; // more than one 1024-row chunk of the runner

function modelOf(config: MlpConfig, kernels: ForwardKernelChoice): Model {
  const mlp = createMlp(config);
  const parameters = allocate(config.dtype, mlp.layout.count);
  initParameters(mlp, parameters, new Rng(3));
  for (const { biasOffset, outputs } of mlp.layout.layers) {
    for (let o = 0; o < outputs; o++) parameters[biasOffset + o] = 0.1 * (o - 1);
  }
  return new Model(config, parameters, { kernels });
}

function rowsOf(dtype: DType, rows: number, width: number, seed: number): FloatArray {
  const rng = new Rng(seed);
  const values = allocate(dtype, rows * width);
  for (let i = 0; i < values.length; i++) values[i] = rng.normal();
  return values;
}

/**
 * Per output value, a bound on how far two float32 forward passes that sum each layer's products
 * in different orders can differ before the output activation. Each layer's z = Σₖ xₖwₖ + b is
 * within γ·(Σ|xₖ||wₖ| + |b|) of exact in any order (Higham, Accuracy and Stability, 3.1;
 * γ = n·u/(1 − n·u), u = 2⁻²⁴, n = k + 2 covering the bias and the activation's own rounding), so
 * the two passes differ by twice that; the hidden activations (relu, tanh) are 1-Lipschitz and
 * pass on what came in, which the next layer multiplies by |W|. Summed over the L layers, the
 * difference is at most 2·γ·L·m, where m is the output of the same network with |W|, |b|, |x|
 * and no activations (each layer's Σ|x||w| + |b| is carried to the output by the later |W|).
 */
function float32Bound(model: Model, x: FloatArray, rows: number): Float64Array {
  const { sizes } = model.config;
  const absolute: MlpConfig = {
    sizes,
    activation: 'relu',
    loss: 'mse',
    outActivation: 'identity',
    dtype: 'f64',
  };
  const mlp = createMlp(absolute);
  const m = new Float64Array(rows * sizes.at(-1)!);
  // relu is the identity here: every sum of non-negative terms is non-negative.
  predictRows(
    mlp,
    Float64Array.from(model.parameters, Math.abs),
    Float64Array.from(x, Math.abs),
    rows,
    m,
    createWorkspace(mlp, rows),
  );
  const n = Math.max(...sizes.slice(0, -1)) + 2;
  const u = 2 ** -24;
  const gamma = (n * u) / (1 - n * u);
  const layers = sizes.length - 1;
  return m.map((value) => 2 * gamma * layers * value);
}

describe(missing ? `native forward (skipped: ${missing})` : 'native forward', () => {
  it.skipIf(missing !== null).each([CE, MSE])(
    'predicts and evaluates like the TypeScript reference to 1e-12 in float64 ($loss)',
    (config) => {
      const x = rowsOf('f64', ROWS, config.sizes[0]!, 5);
      const [native, reference] = [modelOf(config, 'native'), modelOf(config, 'ts')];
      nativeCalls.count = 0;
      const [a, b] = [native.predict(x), reference.predict(x)];
      expect(nativeCalls.count).toBeGreaterThan(0);
      let worst = 0;
      for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst).toBeLessThan(1e-12);
      const data =
        config.loss === 'ce'
          ? {
              x,
              features: config.sizes[0]!,
              labels: Int32Array.from({ length: ROWS }, (_, r) => (r * 7) % 3),
            }
          : { x, features: config.sizes[0]!, targets: rowsOf('f64', ROWS, 2, 6).map(Math.tanh) };
      const [ea, eb] = [native.evaluate(data), reference.evaluate(data)];
      expect(Math.abs(ea.loss - eb.loss)).toBeLessThan(1e-12);
      expect(ea.accuracy).toBe(eb.accuracy);
    },
  );

  it.skipIf(missing !== null).each([CE, MSE])(
    'predicts and evaluates like the TypeScript reference within the float32 rounding bound ($loss)',
    (base) => {
      const config: MlpConfig = { ...base, dtype: 'f32' };
      const outputs = config.sizes.at(-1)!;
      const x = rowsOf('f32', ROWS, config.sizes[0]!, 7);
      const [native, reference] = [modelOf(config, 'native'), modelOf(config, 'ts')];
      const bound = float32Bound(reference, x, ROWS);
      const [a, b] = [native.predict(x), reference.predict(x)];
      // Softmax moves each probability by at most the largest change of the row's logits (its
      // Jacobian's rows sum to 2p(1 − p) ≤ 1/2 in absolute value); tanh by at most its input's.
      // 4 ulps of 1 more cover the output's own rounding on each side.
      let worstRow = 0;
      let differs = false;
      for (let r = 0; r < ROWS; r++) {
        const rowBound = Math.max(...bound.subarray(r * outputs, (r + 1) * outputs));
        worstRow = Math.max(worstRow, rowBound);
        for (let j = 0; j < outputs; j++) {
          const i = r * outputs + j;
          expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(rowBound + 2 ** -22);
          differs ||= a[i] !== b[i];
        }
      }
      // The bound is small enough to mean something, and the two really did sum differently.
      expect(worstRow).toBeLessThan(1e-3);
      expect(differs).toBe(true);
      const data =
        config.loss === 'ce'
          ? {
              x,
              features: config.sizes[0]!,
              labels: Int32Array.from({ length: ROWS }, (_, r) => (r * 7) % 3),
            }
          : { x, features: config.sizes[0]!, targets: rowsOf('f32', ROWS, 2, 8).map(Math.tanh) };
      const [ea, eb] = [native.evaluate(data), reference.evaluate(data)];
      // Cross-entropy, logsumexp(z) − z_y, moves by at most twice the largest logit change; mse
      // (outputs and targets in (−1, 1)) by at most 4δ + δ² per value; a mean of rows keeps the
      // worst row's bound; 2⁻²⁰ relative covers rounding the losses and their mean in float32.
      const lossBound = config.loss === 'ce' ? 2 * worstRow : 4 * worstRow + worstRow ** 2;
      expect(Math.abs(ea.loss - eb.loss)).toBeLessThanOrEqual(lossBound + 2 ** -20 * (1 + eb.loss));
    },
  );

  it.skipIf(missing !== null)('runs auto on native for a large layer and on wasm for small ones', () => {
    const x = rowsOf('f64', 10, 40, 9);
    nativeCalls.count = 0;
    const auto = modelOf(CE, 'auto').predict(x);
    expect(nativeCalls.count).toBeGreaterThan(0);
    expect(auto).toEqual(modelOf(CE, 'native').predict(x));
    nativeCalls.count = 0;
    const small: MlpConfig = { ...CE, sizes: [4, 8, 3] };
    modelOf(small, 'auto').predict(rowsOf('f64', 10, 4, 9));
    expect(nativeCalls.count).toBe(0);
  });
});
