// The WebAssembly layer kernels against the TypeScript reference: bit for bit for identity, relu and
// every backward pass; for sigmoid and tanh, float32 equal to the reference on a million inputs, and
// float64 within 2.5 ulp of the correctly rounded values (as accurate as Math.tanh / Math.exp),
// special values included.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allocate, type DType, type FloatArray, viewOf } from '../dtype.js';
import { ACTIVATIONS, type Activation } from '../kernels/activations.js';
import { TS_LAYER_KERNELS } from '../mlp/layer-kernels.js';
import { lcg } from '../testing/sources.js';
import { compileKernelModule } from './kernel-module.js';
import { WASM_GEMM_SCRATCH_BYTES } from './wasm-gemm.js';
import { WasmLayerKernels } from './wasm-layer-kernels.js';

const module = compileKernelModule('simd');
if (!module) throw new Error('WebAssembly SIMD is not available here');
const memory = new WebAssembly.Memory({ initial: 1024, maximum: 1024, shared: true });
const wasm = new WasmLayerKernels(memory, module, 0);
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
    for (const activation of [null, ...ACTIVATIONS] as const) {
      it(`biasActivation ${activation ?? 'identity'} ${rows}×${cols}`, () => {
        const z = values(dtype, rows * cols, rows * 31 + cols);
        const b = values(dtype, cols + 3, cols);
        const expected = allocate(dtype, z.length);
        expected.set(z);
        TS_LAYER_KERNELS.biasActivation(expected, rows, cols, b, 3, activation);
        const actual = inMemory(dtype, z);
        wasm.biasActivation(actual, rows, cols, inMemory(dtype, b), 3, activation);
        if (dtype === 'f32' || activation === null || activation === 'relu') {
          sameBits(actual, expected);
        } else {
          // Each of the two is within 2.5 ulp of the true value (see the accuracy test below).
          let worst = 0;
          for (let i = 0; i < z.length; i++) worst = Math.max(worst, ulpsApart(actual[i]!, expected[i]!));
          expect(worst).toBeLessThanOrEqual(5);
        }
      });
    }
  }

  for (const activation of ACTIVATIONS) {
    it(`activationBackwardSums ${activation} equals the reference bit for bit`, () => {
      for (const [rows, cols] of [
        [9, 13],
        [16, 32],
        [1, 3],
      ] as const) {
        const a = values(dtype, rows * cols, 5);
        // Outputs of the activation: in (0, 1) for sigmoid, (−1, 1) for tanh, ≥ 0 or any for relu.
        if (activation !== 'relu') for (let i = 0; i < a.length; i++) a[i] = Math.tanh(a[i]!) || 0;
        const g = values(dtype, rows * cols, 6);
        const expectedG = allocate(dtype, g.length);
        expectedG.set(g);
        const expectedDb = allocate(dtype, cols + 2);
        TS_LAYER_KERNELS.activationBackwardSums(activation, a, expectedG, rows, cols, expectedDb, 2);
        const actualG = inMemory(dtype, g);
        const actualDb = inMemory(dtype, allocate(dtype, cols + 2).fill(7));
        actualDb[0] = 0;
        actualDb[1] = 0;
        wasm.activationBackwardSums(activation, inMemory(dtype, a), actualG, rows, cols, actualDb, 2);
        sameBits(actualG, expectedG);
        sameBits(actualDb, expectedDb);
      }
    });
  }

  it('special values: tanh and sigmoid at 0, ±∞, NaN and far out', () => {
    const cases: [Activation, number, number][] = [
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
    ];
    for (const [activation, x, expected] of cases) {
      const z = inMemory(dtype, allocate(dtype, 1).fill(x));
      // A bias of −0 keeps the sign of a zero input (+0 + −0 would be +0).
      wasm.biasActivation(z, 1, 1, inMemory(dtype, allocate(dtype, 1).fill(-0)), 0, activation);
      expect(z[0], `${activation}(${x})`).toBe(expected);
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
    wasm.biasActivation(z, 1, n, inMemory('f64', allocate('f64', n)), 0, activation);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, ulpError(z[i]!, REFERENCE[activation][i]!));
    expect(worst).toBeLessThanOrEqual(2.5);
  });

  it('float32 sigmoid and tanh equal Math rounded to float32 on a million random inputs', () => {
    const n = 1_000_000;
    const rand = lcg(12);
    const z = allocate('f32', n);
    for (let i = 0; i < n; i++) z[i] = (rand() * 2 - 1) * 10 ** (rand() * 3 - 1.5);
    for (const activation of ['tanh', 'sigmoid'] as const) {
      const expected = allocate('f32', n);
      expected.set(z);
      TS_LAYER_KERNELS.biasActivation(expected, 1, n, allocate('f32', n), 0, activation);
      const actual = inMemory('f32', z);
      wasm.biasActivation(actual, 1, n, inMemory('f32', allocate('f32', n)), 0, activation);
      sameBits(actual, expected);
    }
  });
});
