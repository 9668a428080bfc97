// The WebAssembly reduction and optimizer updates give bit-identical results to the TypeScript
// kernels, for every optimizer, both dtypes, odd slice bounds and several shards.
import { describe, expect, it } from 'vitest';
import { type DType, type FloatArray, viewOf } from '../dtype.js';
import { Optimizer } from '../optimizers/optimizer.js';
import type { OptimizerConfig } from '../optimizers/optimizer-config.js';
import { OPTIMIZER_KINDS } from '../optimizers/optimizer-kinds.js';
import { lcg } from '../testing/sources.js';
import { compileKernelModule } from './kernel-module.js';
import { WasmSliceUpdate } from './wasm-slice-update.js';
import { WebAssembly } from './webassembly-types.js';

const module = compileKernelModule('simd')!;
const configs: OptimizerConfig[] = [
  { kind: 'sgd', lr: 0.1, weightDecay: 0.01 },
  { kind: 'momentum', lr: 0.05, momentum: 0.9, weightDecay: 0.001 },
  { kind: 'momentum', lr: 0.05, momentum: 0.8, nesterov: true },
  { kind: 'adam', lr: 0.001, weightDecay: 0.01 },
  { kind: 'adam', lr: 0.01, beta1: 0.3 },
  { kind: 'adamw', lr: 0.001 },
  { kind: 'adamw', lr: 0.01, beta1: 0.3, weightDecay: 0.2 },
];

function arena(dtype: DType) {
  const memory = new WebAssembly.Memory({ initial: 16, maximum: 16, shared: true });
  let next = 0;
  const floats = (length: number, next01: () => number): FloatArray => {
    const at = Math.ceil(next / 16) * 16;
    next = at + length * (dtype === 'f32' ? 4 : 8);
    const a = viewOf(dtype, memory.buffer, at, length);
    for (let i = 0; i < length; i++) a[i] = next01();
    return a;
  };
  return { update: new WasmSliceUpdate(memory, module), floats, memory };
}

describe.each(['f32', 'f64'] as const)('WasmSliceUpdate (%s)', (dtype) => {
  it.each(configs)('$kind update over odd slices equals the TypeScript kernel bit for bit', (config) => {
    const { update, floats } = arena(dtype);
    const next = lcg(3);
    const count = 41;
    const wasm = new Optimizer(config, count, update);
    const ts = new Optimizer(config, count);
    const stateSize = wasm.stateSize;
    const grad = floats(count, next);
    const source = { params: floats(count, next), state: floats(stateSize, () => Math.abs(next())) };
    const wasmParams = floats(count, () => Number.NaN);
    const wasmState = floats(stateSize, () => Number.NaN);
    const tsParams = wasmParams.slice();
    const tsState = wasmState.slice();
    for (const [from, to] of [
      [0, 17],
      [17, 18],
      [18, 41],
    ] as const) {
      wasm.update(wasmParams, grad, wasmState, 7, from, to, source);
      ts.update(tsParams, grad, tsState, 7, from, to, source);
    }
    expect(Array.from(wasmParams)).toEqual(Array.from(tsParams));
    expect(Array.from(wasmState)).toEqual(Array.from(tsState));
  });

  it('has a kernel for every optimizer, and refuses a kind it has none for', () => {
    const { update } = arena(dtype);
    for (const kind of OPTIMIZER_KINDS) expect(typeof update.loopFor(kind)).toBe('function');
    expect(() => update.loopFor('rmsprop' as 'sgd')).toThrow(/no "rmsprop_f32"/);
  });

  it('reduces shards with their weights, skipping weight 0, like the TypeScript loop', () => {
    const { update, floats, memory } = arena(dtype);
    const next = lcg(9);
    const count = 23;
    const shards = 3;
    const slots = [0, 1, 2].map(() => floats(count, next));
    const weights = new Float64Array(memory.buffer, 60_000, shards);
    weights.set([0.4, 0, 0.6]);
    const out = floats(count, () => Number.NaN);
    update.reduceSlice(slots, weights, shards, 3, 20, out);
    for (let i = 3; i < 20; i++) {
      const first = dtype === 'f32' ? Math.fround(0.4 * slots[0]![i]!) : 0.4 * slots[0]![i]!;
      const expected = first + 0.6 * slots[2]![i]!;
      expect(out[i]).toBe(dtype === 'f32' ? Math.fround(expected) : expected);
    }
    expect(Number.isNaN(out[2]!)).toBe(true);
    expect(Number.isNaN(out[20]!)).toBe(true);
  });
});
