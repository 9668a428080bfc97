// gelu and gelu_tanh, forward and backward, on both kernel backends, against correctly rounded
// values of PyTorch's definitions from mpmath (fixtures/generate-activation-reference.py), and
// leaky_relu against its formula, in both dtypes. Measured worst cases, which the bounds below state:
//   gelu       forward ≤ 4 ulp; derivative ≤ 3.5 ulp of the larger of its terms Φ(x), x·φ(x);
//              where the values underflow (x < −37) ≤ 10 and ≤ 28 units of the smallest subnormal.
//   gelu_tanh  forward ≤ 2 ulp, derivative ≤ 2.2 ulp of the larger term, each times the condition
//              number 1 + |2u| of rounding u = √(2/π)(x + 0.044715x³) in float64 (PyTorch rounds
//              it too): in the far negative tail the value is about x·e^{2u}.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DType, type FloatArray, viewOf } from '../dtype.js';
import type { LayerKernels } from '../mlp/layer-kernels.js';
import { TS_LAYER_KERNELS } from '../mlp/layer-kernels.js';
import { arenaFor, BACKENDS } from '../testing/backends.js';
import { lcg } from '../testing/sources.js';
import { compileKernelModule } from '../wasm/kernel-module.js';
import { WasmArena } from '../wasm/wasm-arena.js';
import type { Activation } from './activations.js';

const R: Record<string, number[]> = JSON.parse(
  readFileSync(new URL('../fixtures/activation-reference.json', import.meta.url), 'utf8'),
);
const P = { negativeSlope: 0.01 };
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/** The spacing of float64 values at |x|, at least that of the smallest normal (= the smallest subnormal). */
function ulpOf(x: number): number {
  const a = Math.max(Math.abs(x), SMALLEST_NORMAL);
  const bits = new BigInt64Array(new Float64Array([a]).buffer);
  bits[0]! += 1n;
  return new Float64Array(bits.buffer)[0]! - a;
}

const module = compileKernelModule('simd');
if (!module) throw new Error('WebAssembly SIMD is not available here');

/** Kernels and a place for arrays they work on in place. */
function backend(name: 'ts' | 'wasm'): {
  kernels: LayerKernels;
  floats: (d: DType, v: ArrayLike<number> | number) => FloatArray;
} {
  if (name === 'ts') return { kernels: TS_LAYER_KERNELS, floats: arenaFor('ts').floats };
  const arena = new WasmArena(module!, 8);
  return { kernels: arena.layerKernels(), floats: (d, v) => arena.floats(d, v) };
}

/** gelu's derivative terms: the larger one's magnitude, from the fixture. */
const condition: Record<'gelu' | 'gelu_tanh', (x: number) => number> = {
  gelu: () => 1,
  gelu_tanh: (x) => 1 + Math.abs(2 * 0.7978845608028654 * (x + 0.044715 * x * x * x)),
};
const BOUNDS = {
  gelu: { forward: 4, derivative: 3.5, underflowForward: 10, underflowDerivative: 28 },
  gelu_tanh: { forward: 2, derivative: 2.2, underflowForward: 2, underflowDerivative: 2.2 },
};

describe.each(BACKENDS)('float64 accuracy against mpmath, %s kernels', (name) => {
  it.each(['gelu', 'gelu_tanh'] as const)('%s forward and derivative', (activation) => {
    const { kernels, floats } = backend(name);
    const xs = R.gelu_x!;
    const n = xs.length;
    const z = floats('f64', xs);
    const input = floats('f64', n);
    kernels.biasActivation(z, 1, n, floats('f64', n), 0, activation, P, input);
    const g = floats('f64', n).fill(1);
    kernels.activationBackwardSums(activation, P, input, g, 1, n, floats('f64', n), 0);
    const bound = BOUNDS[activation];
    const worst = { forward: 0, derivative: 0, underflowForward: 0, underflowDerivative: 0 };
    for (let i = 0; i < n; i++) {
      const exact = R[activation]![i]!;
      const exactDerivative = R[`${activation}_derivative`]![i]!;
      const scale = Math.max(Math.abs(exactDerivative), R[`${activation}_derivative_scale`]![i]!);
      const c = condition[activation](xs[i]!);
      const forward = Math.abs(z[i]! - exact) / ulpOf(exact) / c;
      const derivative = Math.abs(g[i]! - exactDerivative) / ulpOf(scale) / c;
      const underflow = Math.abs(exact) < 1e-300;
      const [f, d] = underflow
        ? (['underflowForward', 'underflowDerivative'] as const)
        : (['forward', 'derivative'] as const);
      worst[f] = Math.max(worst[f], forward);
      worst[d] = Math.max(worst[d], derivative);
    }
    expect(worst.forward).toBeLessThanOrEqual(bound.forward);
    expect(worst.derivative).toBeLessThanOrEqual(bound.derivative);
    expect(worst.underflowForward).toBeLessThanOrEqual(bound.underflowForward);
    expect(worst.underflowDerivative).toBeLessThanOrEqual(bound.underflowDerivative);
  });
});

describe.each(BACKENDS)('leaky_relu against its formula, %s kernels', (name) => {
  it.each(['f32', 'f64'] as const)('%s: x if x > 0 else slope·x, derivative 1 or slope', (dtype) => {
    const { kernels, floats } = backend(name);
    const rand = lcg(7);
    const n = 999;
    const xs = Array.from({ length: n }, (_, i) => (i % 100 === 0 ? [0, -0, 1e-40][i % 3]! : rand() * 8));
    const round = dtype === 'f32' ? Math.fround : (v: number) => v;
    for (const negativeSlope of [0.01, 0.2, 0, 3]) {
      const p = { negativeSlope };
      const z = floats(dtype, xs);
      // A bias of −0 keeps the sign of a zero input (+0 + −0 would be +0).
      kernels.biasActivation(z, 1, n, floats(dtype, n).fill(-0), 0, 'leaky_relu', p, null);
      const g = floats(dtype, n).fill(0.75);
      kernels.activationBackwardSums('leaky_relu', p, z, g, 1, n, floats(dtype, n), 0);
      for (let i = 0; i < n; i++) {
        const x = round(xs[i]!);
        // PyTorch's LeakyReLU; float32 rounds the float64 product (PyTorch's float32 kernel
        // multiplies by the slope rounded to float32: an ulp apart at most).
        expect(z[i], `y(${x})`).toBe(x > 0 ? x : round(x * negativeSlope));
        expect(g[i], `g(${x})`).toBe(x > 0 ? 0.75 : round(0.75 * negativeSlope));
      }
    }
  });
});

describe('activations that save their input', () => {
  it.each(['gelu', 'gelu_tanh'] as Activation[])(
    '%s: the TypeScript kernels refuse a missing input buffer',
    (activation) => {
      const z = viewOf('f64', new ArrayBuffer(8), 0, 1);
      expect(() => TS_LAYER_KERNELS.biasActivation(z, 1, 1, z, 0, activation, P, null)).toThrow(
        /needs a buffer/,
      );
    },
  );
});
