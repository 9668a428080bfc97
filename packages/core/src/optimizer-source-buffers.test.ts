// applyOptimizer with `source` reads the current parameters and state from one pair of buffers and
// writes the update to another: bit-identical to the in-place update, with the source untouched.
import { describe, expect, it } from 'vitest';
import { applyOptimizer, type OptimizerConfig, optimizerStateSize } from './optimizers.js';
import { lcg } from './testing/sources.js';

const configs: OptimizerConfig[] = [
  { kind: 'sgd', lr: 0.1, weightDecay: 0.01 },
  { kind: 'momentum', lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.001 },
  { kind: 'adam', lr: 0.001, weightDecay: 0.01 },
];

describe.each(configs)('applyOptimizer($kind) from source buffers', (config) => {
  it('equals the in-place update and leaves the source as it was', () => {
    const next = lcg(5);
    const count = 37;
    const params = Float32Array.from({ length: count }, () => next());
    const grad = Float32Array.from({ length: count }, () => next());
    const state = Float32Array.from({ length: optimizerStateSize(config.kind, count) }, () =>
      Math.abs(next()),
    );
    const sourceParams = params.slice();
    const sourceState = state.slice();
    const outParams = new Float32Array(count).fill(Number.NaN);
    const outState = new Float32Array(state.length).fill(Number.NaN);
    applyOptimizer(config, params, grad, state, count, 3, 0, count);
    // Two slices, as two workers would.
    applyOptimizer(config, outParams, grad, outState, count, 3, 0, 16, {
      params: sourceParams,
      state: sourceState,
    });
    applyOptimizer(config, outParams, grad, outState, count, 3, 16, count, {
      params: sourceParams,
      state: sourceState,
    });
    expect(Array.from(outParams)).toEqual(Array.from(params));
    expect(Array.from(outState)).toEqual(Array.from(state));
    expect(Array.from(sourceParams)).not.toEqual(Array.from(params));
  });
});
