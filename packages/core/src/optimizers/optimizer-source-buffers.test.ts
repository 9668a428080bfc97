// Optimizer.update with `source` reads the current parameters and state from one pair of buffers and
// writes the update to another: bit-identical to the in-place update, with the source untouched.
import { describe, expect, it } from 'vitest';
import { lcg } from '../testing/sources.js';
import { Optimizer } from './optimizer.js';
import type { OptimizerConfig } from './optimizer-config.js';

const configs: OptimizerConfig[] = [
  { kind: 'sgd', lr: 0.1, weightDecay: 0.01 },
  { kind: 'momentum', lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.001 },
  { kind: 'adam', lr: 0.001, weightDecay: 0.01 },
  { kind: 'adamw', lr: 0.001, weightDecay: 0.1 },
];

describe.each(configs)('Optimizer($kind).update from source buffers', (config) => {
  it('equals the in-place update and leaves the source as it was', () => {
    const next = lcg(5);
    const count = 37;
    const optimizer = new Optimizer(config, count);
    const params = Float32Array.from({ length: count }, () => next());
    const grad = Float32Array.from({ length: count }, () => next());
    const state = Float32Array.from({ length: optimizer.stateSize }, () => Math.abs(next()));
    const sourceParams = params.slice();
    const sourceState = state.slice();
    const outParams = new Float32Array(count).fill(Number.NaN);
    const outState = new Float32Array(state.length).fill(Number.NaN);
    optimizer.update(params, grad, state, 3, 0, count);
    // Two slices, as two workers would.
    const source = { params: sourceParams, state: sourceState };
    optimizer.update(outParams, grad, outState, 3, 0, 16, source);
    optimizer.update(outParams, grad, outState, 3, 16, count, source);
    expect(Array.from(outParams)).toEqual(Array.from(params));
    expect(Array.from(outState)).toEqual(Array.from(state));
    expect(Array.from(sourceParams)).not.toEqual(Array.from(params));
  });
});
