// AdamW against torch.optim.AdamW's definition: fixtures/adamw-reference.json is computed in
// float64 by fixtures/generate-adamw-reference.py, which follows torch/optim/adam.py operation by
// operation (not our code). Every step's parameters and both moments agree to 1e-12, on the
// TypeScript loop and on the WebAssembly kernel.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FloatArray } from '../dtype.js';
import { compileKernelModule } from '../wasm/kernel-module.js';
import { WasmArena } from '../wasm/wasm-arena.js';
import { WasmSliceUpdate } from '../wasm/wasm-slice-update.js';
import { Optimizer, type OptimizerBackend, TS_OPTIMIZER_BACKEND } from './optimizer.js';

interface Reference {
  start: number[];
  grads: number[][];
  cases: {
    lr: number;
    betas: [number, number];
    eps: number;
    weight_decay: number;
    steps: { params: number[]; exp_avg: number[]; exp_avg_sq: number[] }[];
  }[];
}

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/adamw-reference.json', import.meta.url), 'utf8'),
) as Reference;

const module = compileKernelModule('simd')!;

/** Arrays for a backend: plain ones for TypeScript, views of one shared memory for WebAssembly. */
function backend(name: 'ts' | 'wasm'): { floats(values: number[]): FloatArray; loops: OptimizerBackend } {
  if (name === 'ts') return { floats: (values) => Float64Array.from(values), loops: TS_OPTIMIZER_BACKEND };
  const arena = new WasmArena(module, 1);
  return {
    floats: (values) => arena.floats('f64', values),
    loops: new WasmSliceUpdate(arena.memory, module),
  };
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBeGreaterThanOrEqual(expected.length);
  expected.forEach((value, i) => {
    expect(Math.abs(actual[i]! - value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(value)));
  });
}

describe.each(['ts', 'wasm'] as const)('AdamW on the %s backend', (name) => {
  it.each(reference.cases.map((c, k) => [k, c] as const))(
    'case %i matches torch.optim.AdamW step by step (params, exp_avg, exp_avg_sq)',
    (_k, torch) => {
      const { floats, loops } = backend(name);
      const count = reference.start.length;
      const optimizer = new Optimizer(
        {
          kind: 'adamw',
          lr: torch.lr,
          beta1: torch.betas[0],
          beta2: torch.betas[1],
          epsilon: torch.eps,
          weightDecay: torch.weight_decay,
        },
        count,
        loops,
      );
      const params = floats(reference.start);
      const state = floats(new Array(optimizer.stateSize).fill(0));
      optimizer.checkBuffers(params, params, state);
      reference.grads.forEach((values, k) => {
        const grad = floats(values);
        // Two slices, as two workers would update them.
        optimizer.update(params, grad, state, k + 1, 0, 3);
        optimizer.update(params, grad, state, k + 1, 3, count);
        const expected = torch.steps[k]!;
        expectClose(params, expected.params);
        expectClose(state.subarray(0, count), expected.exp_avg);
        expectClose(state.subarray(count), expected.exp_avg_sq);
      });
    },
  );

  it("with torch's default weight decay (0.01) when the config gives none", () => {
    const torch = reference.cases[0]!;
    expect(torch.weight_decay).toBe(0.01);
    const { floats, loops } = backend(name);
    const optimizer = new Optimizer({ kind: 'adamw', lr: torch.lr }, reference.start.length, loops);
    const params = floats(reference.start);
    const state = floats(new Array(optimizer.stateSize).fill(0));
    optimizer.update(params, floats(reference.grads[0]!), state, 1, 0, reference.start.length);
    expectClose(params, torch.steps[0]!.params);
  });
});
