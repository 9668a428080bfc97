// The WebAssembly layer kernels against the TypeScript reference: bit for bit for identity, relu,
// leaky_relu and the backward of every activation that reads its output; for sigmoid, tanh, gelu and
// gelu_tanh, float32 equal to the reference on a million inputs, and float64 within a few ulp (the
// accuracy against correctly rounded values is activation-accuracy.test.ts's), special values
// included.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allocate, type DType, type FloatArray, viewOf } from '../dtype.js';
import { ACTIVATION_TABLE, ACTIVATIONS, type ActivationName } from '../kernels/activations.js';
import { TS_LAYER_KERNELS } from '../mlp/layer-kernels.js';
import { lcg } from '../testing/sources.js';
import { compileKernelModule } from './kernel-module.js';
import { WASM_GEMM_SCRATCH_BYTES } from './wasm-gemm.js';
import { WasmLayerKernels } from './wasm-layer-kernels.js';
import { WebAssembly } from './webassembly-types.js';

const module = compileKernelModule('simd');
if (!module) throw new Error('WebAssembly SIMD is not available here');
const memory = new WebAssembly.Memory({ initial: 1024, maximum: 1024, shared: true });
const wasm = new WasmLayerKernels(memory, module, 0);
/** A slope that is not a float32 value, so that float32 results show where it is rounded. */
const P = { negativeSlope: 0.15 };
/** Whether the wasm kernel gives the reference's bits in float64 (no exp of its own involved). */
const EXACT_IN_F64: readonly ActivationName[] = ['identity', 'relu', 'leaky_relu'];
let next = WASM_GEMM_SCRATCH_BYTES;

/** A copy of `values` inside the memory, at an 8-byte (not always 16-byte) aligned address. */
function inMemory(dtype: DType, values: FloatArray): FloatArray {
  next = Math.ceil(next / 8) * 8 + 8;
  const view = viewOf(dtype, memory.buffer, next, values.length);
  view.set(values);
  next += values.length * (dtype === 'f32' ? 4 : 8);
  return view;
}

const SPECIAL = [
  0,
  -0,
  1e-300,
  -1e-300,
  1e-12,
  -1e-9,
  5e-324,
  0.3465,
  -0.3466,
  19,
  -19.1,
  22,
  40,
  -41,
  709,
  -709,
  710,
  -746,
  1e4,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
];

/** Random values over several scales, with the special values spread through them. */
function values(dtype: DType, length: number, seed: number): FloatArray {
  const rand = lcg(seed);
  const out = allocate(dtype, length);
  for (let i = 0; i < length; i++) {
    const scale = [1e-6, 0.1, 1, 4, 30][i % 5]!;
    out[i] = i % 37 === 0 ? SPECIAL[(i / 37) % SPECIAL.length]! : (rand() * 2 - 1) * scale;
  }
  return out;
}

/** |value − exact| in ulps of `exact` (a correctly rounded float64, standing in for the true value). */
function ulpError(value: number, exact: number): number {
  if (Object.is(value, exact)) return 0;
  const bits = new BigInt64Array(new Float64Array([Math.abs(exact)]).buffer);
  bits[0]! += 1n;
  const ulp = new Float64Array(bits.buffer)[0]! - Math.abs(exact);
  return Math.abs(value - exact) / ulp;
}

function ulpsApart(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (Math.sign(a) !== Math.sign(b) || !Number.isFinite(a) || !Number.isFinite(b))
    return Number.POSITIVE_INFINITY;
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = bits[0]! - bits[1]!;
  return Number(d < 0n ? -d : d);
}

function sameBits(actual: FloatArray, expected: FloatArray): void {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i]) && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i])))
      expect.fail(`element ${i}: ${actual[i]} instead of ${expected[i]}`);
  }
}

describe.each(['f32', 'f64'] as const)('WasmLayerKernels %s', (dtype) => {
  // 7 columns leave a tail after every vector width; 64 are whole vectors.
  for (const [rows, cols] of [
    [5, 7],
    [33, 64],
    [1, 1],
  ] as const) {
    for (const activation of ['identity', ...ACTIVATIONS] as const) {
      it(`biasActivation ${activation} ${rows}×${cols}`, () => {
        const z = values(dtype, rows * cols, rows * 31 + cols);
        const b = values(dtype, cols + 3, cols);
        const expected = allocate(dtype, z.length);
        expected.set(z);
        const expectedInput = allocate(dtype, z.length);
        TS_LAYER_KERNELS.biasActivation(expected, rows, cols, b, 3, activation, P, expectedInput);
        const actual = inMemory(dtype, z);
        const actualInput = inMemory(dtype, allocate(dtype, z.length));
        wasm.biasActivation(actual, rows, cols, inMemory(dtype, b), 3, activation, P, actualInput);
        if (ACTIVATION_TABLE[activation].saves === 'input') sameBits(actualInput, expectedInput);
        if (dtype === 'f32' || EXACT_IN_F64.includes(activation)) {
          sameBits(actual, expected);
        } else {
          // Each of the two is within a few ulp of the true value (activation-accuracy.test.ts);
          // measured apart here: at most 5 ulp.
          let worst = 0;
          for (let i = 0; i < z.length; i++) worst = Math.max(worst, ulpsApart(actual[i]!, expected[i]!));
          expect(worst).toBeLessThanOrEqual(5);
        }
      });
    }
  }

  for (const activation of ACTIVATIONS) {
    const readsInput = ACTIVATION_TABLE[activation].saves === 'input';
    it(`activationBackwardSums ${activation} equals the reference ${readsInput ? 'to a few ulp' : 'bit for bit'}`, () => {
      for (const [rows, cols] of [
        [9, 13],
        [16, 32],
        [1, 3],
      ] as const) {
        const saved = values(dtype, rows * cols, 5);
        // Outputs of the activation: in (0, 1) for sigmoid, (−1, 1) for tanh; any for the others.
        if (activation === 'sigmoid' || activation === 'tanh') {
          for (let i = 0; i < saved.length; i++) saved[i] = Math.tanh(saved[i]!) || 0;
        }
        const g = values(dtype, rows * cols, 6);
        const expectedG = allocate(dtype, g.length);
        expectedG.set(g);
        const expectedDb = allocate(dtype, cols + 2);
        TS_LAYER_KERNELS.activationBackwardSums(activation, P, saved, expectedG, rows, cols, expectedDb, 2);
        const actualG = inMemory(dtype, g);
        const actualDb = inMemory(dtype, allocate(dtype, cols + 2).fill(7));
        actualDb[0] = 0;
        actualDb[1] = 0;
        wasm.activationBackwardSums(activation, P, inMemory(dtype, saved), actualG, rows, cols, actualDb, 2);
        if (dtype === 'f32' || !readsInput) {
          sameBits(actualG, expectedG);
          sameBits(actualDb, expectedDb);
        } else {
          // gelu's derivatives are at most 1.13 in size: compare in ulps of the upstream gradient
          // (measured: at most 4); the bias sums then add up those differences over the rows.
          let worst = 0;
          for (let i = 0; i < g.length; i++) {
            worst = Math.max(worst, Math.abs(actualG[i]! - expectedG[i]!) / ulpOf(g[i]!));
          }
          expect(worst).toBeLessThanOrEqual(4);
          for (let j = 0; j < cols + 2; j++) {
            let bound = 0;
            for (let r = 0; r < rows && j >= 2; r++)
              bound += 4 * ulpOf(g[r * cols + j - 2]!) + ulpOf(expectedDb[j]!);
            expect(Math.abs(actualDb[j]! - expectedDb[j]!)).toBeLessThanOrEqual(bound);
          }
        }
      }
    });
  }

  it('special values: every transcendental activation at 0, ±∞, NaN and far out, on both backends', () => {
    const cases: [ActivationName, number, number][] = [
      ['tanh', 0, 0],
      ['tanh', -0, -0],
      ['tanh', Number.POSITIVE_INFINITY, 1],
      ['tanh', Number.NEGATIVE_INFINITY, -1],
      ['tanh', 50, 1],
      ['tanh', Number.NaN, Number.NaN],
      ['sigmoid', 0, 0.5],
      ['sigmoid', Number.POSITIVE_INFINITY, 1],
      ['sigmoid', Number.NEGATIVE_INFINITY, 0],
      ['sigmoid', -800, 0],
      ['sigmoid', Number.NaN, Number.NaN],
      ['leaky_relu', -0, -0],
      ['leaky_relu', Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
      ['leaky_relu', Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
      ['leaky_relu', Number.NaN, Number.NaN],
      ['gelu', 0, 0],
      ['gelu', -0, -0],
      ['gelu', Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
      ['gelu', Number.NEGATIVE_INFINITY, Number.NaN], // −∞ · 0, as PyTorch's x·0.5·(1 + erf(x/√2))
      ['gelu', -40, -0],
      ['gelu', 50, 50],
      ['gelu', Number.NaN, Number.NaN],
      ['gelu_tanh', 0, 0],
      ['gelu_tanh', Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
      ['gelu_tanh', Number.NEGATIVE_INFINITY, Number.NaN], // −∞ · 0, as PyTorch
      ['gelu_tanh', -30, -0],
      ['gelu_tanh', 50, 50],
      ['gelu_tanh', Number.NaN, Number.NaN],
    ];
    for (const [activation, x, expected] of cases) {
      const z = inMemory(dtype, allocate(dtype, 1).fill(x));
      // A bias of −0 keeps the sign of a zero input (+0 + −0 would be +0).
      const zero = inMemory(dtype, allocate(dtype, 1).fill(-0));
      wasm.biasActivation(z, 1, 1, zero, 0, activation, P, inMemory(dtype, allocate(dtype, 1)));
      expect(z[0], `wasm ${activation}(${x})`).toBe(expected);
      const reference = allocate(dtype, 1).fill(x);
      TS_LAYER_KERNELS.biasActivation(reference, 1, 1, zero, 0, activation, P, allocate(dtype, 1));
      expect(reference[0], `ts ${activation}(${x})`).toBe(expected);
    }
  });
});

// Correctly rounded values from mpmath (fixtures/generate-activation-reference.py). Math.tanh and the
// sigmoid formula over Math.exp are themselves up to 2 ulp off them on these points.
const REFERENCE: { x: number[]; tanh: number[]; sigmoid: number[] } = JSON.parse(
  readFileSync(new URL('../fixtures/activation-reference.json', import.meta.url), 'utf8'),
);

describe('WasmLayerKernels float64 accuracy', () => {
  it.each(['tanh', 'sigmoid'] as const)('%s within 2.5 ulp of the correctly rounded value', (activation) => {
    const n = REFERENCE.x.length;
    const z = inMemory('f64', Float64Array.from(REFERENCE.x));
    wasm.biasActivation(z, 1, n, inMemory('f64', allocate('f64', n)), 0, activation, P, null);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, ulpError(z[i]!, REFERENCE[activation][i]!));
    expect(worst).toBeLessThanOrEqual(2.5);
  });

  it('float32: every activation equals the TypeScript kernels on a million random inputs', () => {
    const n = 1_000_000;
    const rand = lcg(12);
    const z = allocate('f32', n);
    for (let i = 0; i < n; i++) z[i] = (rand() * 2 - 1) * 10 ** (rand() * 3 - 1.5);
    const bias = allocate('f32', n);
    const [actual, kept, wasmBias] = [inMemory('f32', z), inMemory('f32', bias), inMemory('f32', bias)];
    for (const activation of ACTIVATIONS) {
      const expected = allocate('f32', n);
      expected.set(z);
      TS_LAYER_KERNELS.biasActivation(expected, 1, n, bias, 0, activation, P, allocate('f32', n));
      actual.set(z);
      wasm.biasActivation(actual, 1, n, wasmBias, 0, activation, P, kept);
      sameBits(actual, expected);
    }
  });
});

/** The spacing of float64 values at |x| (at least the smallest subnormal). */
function ulpOf(x: number): number {
  const bits = new BigInt64Array(new Float64Array([Math.abs(x)]).buffer);
  bits[0]! += 1n;
  return Math.max(new Float64Array(bits.buffer)[0]! - Math.abs(x), 5e-324);
}
