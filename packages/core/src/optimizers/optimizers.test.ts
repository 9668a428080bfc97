import { describe, expect, it } from 'vitest';
import type { FloatArray } from '../dtype.js';
import { Optimizer } from './optimizer.js';
import type { OptimizerConfig } from './optimizer-config.js';
import { optimizerStateSize, resolveOptimizer } from './optimizer-table.js';

/** One update of a fresh optimizer over [from, to) (the state carries what earlier steps left). */
function applyOnce(
  config: OptimizerConfig,
  params: FloatArray,
  grad: FloatArray,
  state: FloatArray,
  paramCount: number,
  step: number,
  from: number,
  to: number,
): void {
  const optimizer = new Optimizer(config, paramCount);
  optimizer.checkBuffers(params, grad, state);
  optimizer.update(params, grad, state, step, from, to);
}

const START = [0.5, -1.25, 2.0];
const GRADIENTS = [
  [0.1, -0.2, 0.3],
  [-0.4, 0.25, 0.05],
  [0.3, 0.1, -0.6],
];

const toFloat64 = (values: number[]): FloatArray => Float64Array.from(values);
const toFloat32 = (values: number[]): FloatArray => Float32Array.from(values);

/** Runs three steps from START with GRADIENTS and returns params after each step. */
function runSteps(config: OptimizerConfig, make = toFloat64): number[][] {
  const optimizer = new Optimizer(config, 3);
  const params = make(START);
  const state = make(new Array(optimizer.stateSize).fill(0));
  const after: number[][] = [];
  GRADIENTS.forEach((values, index) => {
    const grad = make(values);
    optimizer.update(params, grad, state, index + 1, 0, 3);
    expect(Array.from(grad)).toEqual(Array.from(make(values))); // grad is read-only
    after.push(Array.from(params));
  });
  return after;
}

function expectRowsClose(actual: number[][], expected: number[][], digits = 12): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, step) => {
    row.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[step]![i]!, digits);
    });
  });
}

// Expected values come from a separate plain-formula implementation (the textbook forms:
// m = β1·m + (1−β1)·g, p −= lr·m̂/(sqrt(v̂) + ε)); first steps are also worked by hand in comments.
describe('Optimizer.update', () => {
  it('sgd: p −= lr·g', () => {
    // Step 1 by hand: 0.5 − 0.1·0.1 = 0.49, −1.25 + 0.02 = −1.23, 2 − 0.03 = 1.97.
    expectRowsClose(runSteps({ kind: 'sgd', lr: 0.1 }), [
      [0.49, -1.23, 1.97],
      [0.53, -1.255, 1.965],
      [0.5, -1.265, 2.025],
    ]);
  });

  it('sgd with weight decay adds wd·p to the gradient', () => {
    // Step 1 by hand: g' = 0.1 + 0.01·0.5 = 0.105, p = 0.5 − 0.0105 = 0.4895.
    expectRowsClose(runSteps({ kind: 'sgd', lr: 0.1, weightDecay: 0.01 }), [
      [0.4895, -1.22875, 1.968],
      [0.5290105, -1.25252125, 1.961032],
      [0.4984814895, -1.26126872875, 2.019070968],
    ]);
  });

  it('momentum: v = μv + g, p −= lr·v', () => {
    // Step 2 by hand: v = 0.9·0.1 − 0.4 = −0.31, p = 0.49 + 0.031 = 0.521.
    expectRowsClose(runSteps({ kind: 'momentum', lr: 0.1 }), [
      [0.49, -1.23, 1.97],
      [0.521, -1.237, 1.938],
      [0.5189, -1.2533, 1.9692],
    ]);
  });

  it('nesterov: p −= lr·(g + μv), unlike plain momentum from the first step', () => {
    // Step 1 by hand: v = 0.1, p = 0.5 − 0.1·(0.1 + 0.09) = 0.481 (plain momentum gives 0.49).
    const nesterov = runSteps({ kind: 'momentum', lr: 0.1, momentum: 0.9, nesterov: true });
    expectRowsClose(nesterov, [
      [0.481, -1.212, 1.943],
      [0.5489, -1.2433, 1.9092],
      [0.51701, -1.26797, 1.99728],
    ]);
    const plain = runSteps({ kind: 'momentum', lr: 0.1, momentum: 0.9 });
    // After one step both have v = g; Nesterov moves further by exactly lr·μ·v.
    START.forEach((_, i) => {
      expect(nesterov[0]![i]).toBeCloseTo(plain[0]![i]! - 0.1 * 0.9 * GRADIENTS[0]![i]!, 12);
    });
    expect(nesterov[2]).not.toEqual(plain[2]);
  });

  it('momentum with weight decay and μ = 0.5', () => {
    // Step 1 by hand: g' = 0.1 + 0.05·0.5 = 0.125, v = 0.125, p = 0.5 − 0.0125 = 0.4875.
    expectRowsClose(runSteps({ kind: 'momentum', lr: 0.1, momentum: 0.5, weightDecay: 0.05 }), [
      [0.4875, -1.22375, 1.96],
      [0.5188125, -1.22950625, 1.9252],
      [0.5018746875, -1.23623684375, 1.958174],
    ]);
  });

  it('adam with defaults (bias-corrected)', () => {
    // Step 1 by hand: m̂ = g, v̂ = g², so p −= lr·g / (|g| + ε): 0.5 − 0.01·0.1/(0.1 + 1e-8).
    expectRowsClose(runSteps({ kind: 'adam', lr: 0.01 }), [
      [0.4900000009999999, -1.2400000005, 1.9900000003333334],
      [0.4955950357485128, -1.2416273230448174, 1.9821667272150607],
      [0.4953318531712825, -1.2447337462661603, 1.9851302413110195],
    ]);
  });

  it('adam with weight decay, β1 = 0.3 (the other lerp form), β2 = 0.99, ε = 1e-6', () => {
    const config: OptimizerConfig = {
      kind: 'adam',
      lr: 0.05,
      weightDecay: 0.1,
      beta1: 0.3,
      beta2: 0.99,
      epsilon: 1e-6,
    };
    expectRowsClose(runSteps(config), [
      [0.4500003333311111, -1.2000001538456804, 1.9500000999998],
      [0.49367631807532797, -1.2050595922592529, 1.911353706191118],
      [0.46302652685341883, -1.2031401278238418, 1.9375649259786054],
    ]);
  });

  it('weight decay shrinks parameters when the gradient is zero', () => {
    for (const kind of ['sgd', 'momentum', 'adam', 'adamw'] as const) {
      const params = new Float64Array([2, -3]);
      const state = new Float64Array(optimizerStateSize(kind, 2));
      applyOnce({ kind, lr: 0.1, weightDecay: 0.5 }, params, new Float64Array(2), state, 2, 1, 0, 2);
      expect(Math.abs(params[0]!)).toBeLessThan(2);
      expect(Math.abs(params[1]!)).toBeLessThan(3);
      if (kind === 'sgd' || kind === 'momentum') expect(params[0]).toBeCloseTo(2 - 0.1 * 0.5 * 2, 12);
      // AdamW by hand: p·(1 − lr·λ) = 2·0.95, and the zero moments add nothing.
      if (kind === 'adamw') expect(Array.from(params)).toEqual([2 * (1 - 0.1 * 0.5), -3 * (1 - 0.1 * 0.5)]);
      const unchanged = new Float64Array([2, -3]);
      applyOnce({ kind, lr: 0.1, weightDecay: 0 }, unchanged, new Float64Array(2), state.fill(0), 2, 1, 0, 2);
      expect(Array.from(unchanged)).toEqual([2, -3]);
    }
  });

  it('updating slices [0, 2) then [2, 5) equals one update over [0, 5)', () => {
    const configs: OptimizerConfig[] = [
      { kind: 'sgd', lr: 0.1, weightDecay: 0.01 },
      { kind: 'momentum', lr: 0.05, nesterov: true, weightDecay: 0.02 },
      { kind: 'adam', lr: 0.01, weightDecay: 0.1 },
      { kind: 'adamw', lr: 0.01, weightDecay: 0.1 },
    ];
    for (const config of configs) {
      const whole = new Float64Array([0.3, -0.7, 1.1, 0.2, -2.5]);
      const sliced = Float64Array.from(whole);
      const wholeState = new Float64Array(optimizerStateSize(config.kind, 5));
      const slicedState = new Float64Array(wholeState.length);
      for (let step = 1; step <= 3; step++) {
        const grad = new Float64Array([0.1 * step, -0.2, 0.3 / step, -0.05 * step, 0.4]);
        applyOnce(config, whole, grad, wholeState, 5, step, 0, 5);
        applyOnce(config, sliced, grad, slicedState, 5, step, 0, 2);
        applyOnce(config, sliced, grad, slicedState, 5, step, 2, 5);
      }
      expect(Array.from(sliced)).toEqual(Array.from(whole));
      expect(Array.from(slicedState)).toEqual(Array.from(wholeState));
    }
  });

  it('a slice leaves everything outside it untouched (Adam m at [0, P), v at [P, 2P))', () => {
    const params = new Float64Array([1, 1, 1, 1]);
    const state = new Float64Array(8);
    applyOnce({ kind: 'adam', lr: 0.1 }, params, new Float64Array([1, 1, 1, 1]), state, 4, 1, 1, 3);
    expect(params[0]).toBe(1);
    expect(params[3]).toBe(1);
    expect(params[1]).toBeLessThan(1);
    // m = (1 − β1)·g = 0.1 and v = (1 − β2)·g² = 0.001 inside the slice, zero outside.
    for (const i of [0, 3, 4, 7]) expect(state[i]).toBe(0);
    for (const i of [1, 2]) expect(state[i]).toBeCloseTo(0.1, 15);
    for (const i of [5, 6]) expect(state[i]).toBeCloseTo(0.001, 15);
  });

  it('works on float32 buffers, matching float64 to float32 precision', () => {
    for (const config of [
      { kind: 'sgd', lr: 0.1 },
      { kind: 'momentum', lr: 0.1, nesterov: true },
      { kind: 'adam', lr: 0.01 },
      { kind: 'adamw', lr: 0.01 },
    ] satisfies OptimizerConfig[]) {
      const single = runSteps(config, toFloat32);
      const double = runSteps(config);
      expect(single.flat().every((v, i) => Math.abs(v - double.flat()[i]!) < 1e-6)).toBe(true);
    }
  });

  it('accepts a resolved config and gives the same result', () => {
    const config: OptimizerConfig = { kind: 'adam', lr: 0.01 };
    expect(runSteps(resolveOptimizer(config))).toEqual(runSteps(config));
  });
});

describe('optimizerStateSize', () => {
  it('is 0, P, 2P and 2P', () => {
    expect(optimizerStateSize('sgd', 10)).toBe(0);
    expect(optimizerStateSize('momentum', 10)).toBe(10);
    expect(optimizerStateSize('adam', 10)).toBe(20);
    expect(optimizerStateSize('adamw', 10)).toBe(20);
  });
});

describe('resolveOptimizer', () => {
  it('fills in the PyTorch defaults', () => {
    expect(resolveOptimizer({ kind: 'momentum', lr: 0.1 })).toEqual({
      kind: 'momentum',
      lr: 0.1,
      momentum: 0.9,
      nesterov: false,
      weightDecay: 0,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
    });
  });

  it("gives adamw torch.optim.AdamW's weight decay 0.01 and the others torch's 0", () => {
    expect(resolveOptimizer({ kind: 'adamw', lr: 0.1 }).weightDecay).toBe(0.01);
    expect(resolveOptimizer({ kind: 'adamw', lr: 0.1, weightDecay: 0 }).weightDecay).toBe(0);
    for (const kind of ['sgd', 'momentum', 'adam'] as const) {
      expect(resolveOptimizer({ kind, lr: 0.1 }).weightDecay).toBe(0);
    }
  });

  it('rejects invalid options with a message naming the option', () => {
    const bad: [OptimizerConfig, RegExp][] = [
      [{ kind: 'rmsprop' as 'sgd', lr: 0.1 }, /kind/],
      [{ kind: 'sgd', lr: 0 }, /lr/],
      [{ kind: 'sgd', lr: Number.NaN }, /lr/],
      [{ kind: 'sgd', lr: Number.POSITIVE_INFINITY }, /lr/],
      [{ kind: 'momentum', lr: 0.1, momentum: 1 }, /momentum/],
      [{ kind: 'momentum', lr: 0.1, momentum: -0.1 }, /momentum/],
      [{ kind: 'adam', lr: 0.1, beta1: 1 }, /beta1/],
      [{ kind: 'adam', lr: 0.1, beta2: -0.5 }, /beta2/],
      [{ kind: 'adam', lr: 0.1, epsilon: 0 }, /epsilon/],
      [{ kind: 'sgd', lr: 0.1, weightDecay: -1 }, /weightDecay/],
    ];
    for (const [config, message] of bad) {
      expect(() => resolveOptimizer(config)).toThrow(message);
      expect(() =>
        applyOnce(config, new Float64Array(1), new Float64Array(1), new Float64Array(2), 1, 1, 0, 1),
      ).toThrow(message);
    }
  });

  it('Optimizer rejects a bad paramCount and buffers too short, once, before any update', () => {
    const p = new Float64Array(4);
    const g = new Float64Array(4);
    expect(() => new Optimizer({ kind: 'sgd', lr: 1 }, -1)).toThrow(/paramCount/);
    expect(() => new Optimizer({ kind: 'sgd', lr: 1 }, 1.5)).toThrow(/paramCount/);
    expect(() => applyOnce({ kind: 'adam', lr: 1 }, p, g, p, 4, 1, 0, 4)).toThrow(/state/);
    expect(() => applyOnce({ kind: 'adamw', lr: 1 }, p, g, new Float64Array(7), 4, 1, 0, 4)).toThrow(/state/);
    expect(() => applyOnce({ kind: 'sgd', lr: 1 }, p, g, p, 5, 1, 0, 4)).toThrow(/paramCount/);
  });
});
