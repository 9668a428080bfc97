// The addon's bias + tanh on glibc's libmvec: every output within 2.5 ulp of the correctly rounded
// value (the mpmath fixtures of core's activation tests), in float32 and float64; the special
// values as the WebAssembly kernel gives them; a result that does not depend on the element's
// column (the row's tail goes through the same vector function); bit-identical on a second run;
// and bad arguments refused with nothing touched. Skipped, with the reason, where the addon or
// its tanh is not built.
import { readFileSync } from 'node:fs';
import {
  compileKernelModule,
  viewOf,
  WASM_GEMM_SCRATCH_BYTES,
  WasmLayerKernels,
  WebAssembly,
} from '@shardwise/core';
import { describe, expect, it } from 'vitest';
import { loadNativeBlas } from './load-native-blas.js';

const { blas, reason } = loadNativeBlas();
const missing = !blas ? reason : blas.biasTanh ? null : 'the addon was built without libmvec (no biasTanh)';
if (missing) console.warn(`native bias + tanh tests skipped: ${missing}`);
const suite = missing
  ? `native bias + tanh (skipped: ${missing})`
  : `native bias + tanh (${blas?.tanhVariant})`;

// Correctly rounded float64 tanh from mpmath at 200 bits (core's generate-activation-reference.py).
const REFERENCE: { x: number[]; tanh: number[] } = JSON.parse(
  readFileSync(new URL('../../core/src/fixtures/activation-reference.json', import.meta.url), 'utf8'),
);

/** The spacing of the float32 (`bits` 24) or float64 (`bits` 53) values at |x|, subnormals included. */
function ulpAt(x: number, bits: 24 | 53): number {
  const minExponent = bits === 24 ? -126 : -1022;
  const exponent = x === 0 ? minExponent : Math.max(Math.floor(Math.log2(Math.abs(x))), minExponent);
  return 2 ** (exponent - (bits - 1));
}

function ulpError(value: number, exact: number, bits: 24 | 53): number {
  if (Object.is(value, exact)) return 0;
  return Math.abs(value - exact) / ulpAt(exact, bits);
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return a.length === b.length;
}

describe(suite, () => {
  const biasTanh = blas?.biasTanh;
  const run = it.skipIf(missing !== null);

  run('float64: within 2.5 ulp of the correctly rounded tanh on every fixture point', () => {
    const z = Float64Array.from(REFERENCE.x);
    biasTanh!(z, 1, z.length, new Float64Array(z.length).fill(-0), 0);
    let worst = 0;
    for (let i = 0; i < z.length; i++) worst = Math.max(worst, ulpError(z[i]!, REFERENCE.tanh[i]!, 53));
    expect(worst).toBeLessThanOrEqual(2.5);
  });

  run(
    'float32: within 2.5 ulp of the correctly rounded tanh on every fixture point, rounded to float32',
    () => {
      const z = Float32Array.from(REFERENCE.x);
      const exact = REFERENCE.x.map((x, i) => {
        // tanh at the float32 input x' from the fixture's value at x: t + (1 − t²)(x' − x), whose
        // dropped second-order term is far below a float32 ulp (|x' − x| ≤ 2^-24 |x|).
        const t = REFERENCE.tanh[i]!;
        return t + (1 - t * t) * (z[i]! - x);
      });
      // One row of 4,079: a tail after every vector width.
      biasTanh!(z, 1, z.length, new Float32Array(z.length).fill(-0), 0);
      let worst = 0;
      for (let i = 0; i < z.length; i++) worst = Math.max(worst, ulpError(z[i]!, exact[i]!, 24));
      expect(worst).toBeLessThanOrEqual(2.5);
    },
  );

  it.skipIf(missing !== null).each([
    ['f32', Float32Array],
    ['f64', Float64Array],
  ] as const)('%s: special values as the WebAssembly kernel gives them', (dtype, Type) => {
    const cases: [number, number][] = [
      [0, 0],
      [-0, -0],
      [Number.POSITIVE_INFINITY, 1],
      [Number.NEGATIVE_INFINITY, -1],
      [50, 1],
      [-1e4, -1],
      [1e30, 1],
      [Number.NaN, Number.NaN],
    ];
    const module = compileKernelModule('simd');
    if (!module) throw new Error('WebAssembly SIMD is not available here');
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared: true });
    const wasm = new WasmLayerKernels(memory, module, 0);
    const n = cases.length;
    const inWasm = viewOf(dtype, memory.buffer, WASM_GEMM_SCRATCH_BYTES, n);
    const wasmBias = viewOf(
      dtype,
      memory.buffer,
      WASM_GEMM_SCRATCH_BYTES + n * Type.BYTES_PER_ELEMENT,
      n,
    ).fill(-0);
    inWasm.set(cases.map(([x]) => x));
    wasm.biasActivation(inWasm, 1, n, wasmBias, 0, 'tanh', { negativeSlope: 0.01 }, null);
    // Once as a row (the tail path), once as a column of rows of one.
    for (const [rows, cols] of [
      [1, n],
      [n, 1],
    ] as const) {
      const z = Type.from(cases.map(([x]) => x));
      biasTanh!(z, rows, cols, new Type(cols).fill(-0), 0);
      cases.forEach(([x, expected], i) => {
        expect(z[i], `tanh(${x})`).toBe(expected);
        expect(z[i], `tanh(${x}) as wasm`).toBe(inWasm[i]);
      });
    }
  });

  it.skipIf(missing !== null).each([
    ['f32', Float32Array],
    ['f64', Float64Array],
  ] as const)(
    '%s: adds the bias row in the dtype, per column, from bOffset; same bits in any column and run',
    (_name, Type) => {
      const rows = 3;
      const cols = 37;
      const z = Type.from(Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7) * 3));
      const b = Type.from(Array.from({ length: cols + 5 }, (_, i) => Math.cos(i) * 0.5));
      const expectedSum = Type.from(Array.from(z, (v, i) => v + b[5 + (i % cols)]!)); // rounded to the dtype on storing
      const out = Type.from(z);
      biasTanh!(out, rows, cols, b, 5);
      // The same sums as a single row, each sum in every column position: each gives one result.
      const bits = Type === Float32Array ? 24 : 53;
      for (let i = 0; i < rows * cols; i++) {
        const spread = new Type(cols).fill(expectedSum[i]!);
        biasTanh!(spread, 1, cols, new Type(cols).fill(-0), 0);
        for (let j = 0; j < cols; j++) if (!Object.is(spread[j], out[i])) expect.fail(`column ${j} of ${i}`);
        // And near tanh of that sum (Math.tanh is itself within 2 ulp in float64).
        expect(ulpError(out[i]!, Math.tanh(expectedSum[i]!), bits)).toBeLessThanOrEqual(4.5);
      }
      const again = Type.from(z);
      biasTanh!(again, rows, cols, b, 5);
      expect(sameBits(again, out)).toBe(true);
    },
  );

  run('refuses bad arguments with a TypeError or RangeError and touches nothing', () => {
    const z = new Float32Array(12).fill(2);
    const before = Float32Array.from(z);
    expect(() => biasTanh!(z, 3, 4, new Float64Array(4), 0)).toThrow(TypeError);
    expect(() => biasTanh!(z, 4, 4, new Float32Array(4), 0)).toThrow(RangeError);
    expect(() => biasTanh!(z, 3, 4, new Float32Array(4), 1)).toThrow(RangeError);
    expect(() => biasTanh!(z, 3, -1, new Float32Array(4), 0)).toThrow(RangeError);
    expect(() => biasTanh!(z, 1.5, 4, new Float32Array(4), 0)).toThrow(RangeError);
    expect(() => biasTanh!([] as unknown as Float32Array, 0, 0, new Float32Array(4), 0)).toThrow(TypeError);
    expect(sameBits(z, before)).toBe(true);
  });
});
