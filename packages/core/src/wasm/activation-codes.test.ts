// The activations of the WebAssembly kernels (scripts/activation-wat.mjs) and of the TypeScript table
// are the same set: same names, same `saves`, distinct codes that the runtime reads from the module;
// the generator refuses a name it has no code for, the kernels trap on a code they do not know, and
// the two copies of fdlibm's erf coefficients agree.
import { describe, expect, it } from 'vitest';
import { activationWat, FDLIBM_ERF_COEFFICIENTS, WAT_ACTIVATIONS } from '../../scripts/activation-wat.mjs';
import { ACTIVATION_TABLE } from '../kernels/activations.js';
import { FDLIBM_ERF_COEFFICIENTS as TS_COEFFICIENTS } from '../kernels/gelu-math.js';
import { compileKernelModule } from './kernel-module.js';
import { WebAssembly } from './webassembly-types.js';

const module = compileKernelModule('simd');
if (!module) throw new Error('WebAssembly SIMD is not available here');
const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
const { exports } = new WebAssembly.Instance(module, { env: { memory } });

describe('activation codes', () => {
  it('the generator has an entry for exactly the names of the TypeScript table, saving the same thing', () => {
    expect(Object.keys(WAT_ACTIVATIONS).sort()).toEqual(Object.keys(ACTIVATION_TABLE).sort());
    for (const [name, definition] of Object.entries(ACTIVATION_TABLE)) {
      expect(activationWat(name).saves, name).toBe(definition.saves);
    }
  });

  it('codes are distinct, and the module exports each one as activation_<name>', () => {
    const codes = Object.values(WAT_ACTIVATIONS).map((entry) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [name, entry] of Object.entries(WAT_ACTIVATIONS)) {
      const global = exports[`activation_${name}`];
      expect(global, name).toBeInstanceOf(WebAssembly.Global);
      expect((global as WebAssembly.Global).value, name).toBe(entry.code);
    }
  });

  it('the generator throws for an activation without WebAssembly code', () => {
    expect(() => activationWat('softplus')).toThrow(/no WebAssembly code for activation "softplus"/);
    expect(() => activationWat('toString')).toThrow(/no WebAssembly code/);
  });

  it('the kernels trap on an unknown code instead of running another activation', () => {
    const codes = Object.values(WAT_ACTIVATIONS).map((entry) => entry.code);
    const unknown = Math.max(...codes) + 1;
    const biasAct = exports.bias_act_f64 as (...args: number[]) => void;
    const backward = exports.act_backward_f64 as (...args: number[]) => void;
    expect(() => biasAct(0, 1, 1, 8, 16, unknown, 0.01, 32)).toThrow(/unreachable/);
    expect(() => backward(0, 8, 1, 1, unknown, 0.01, 16)).toThrow(/unreachable/);
  });

  it('fdlibm’s erf coefficients are the same in gelu-math.ts and the generator', () => {
    expect(FDLIBM_ERF_COEFFICIENTS).toEqual(TS_COEFFICIENTS);
  });
});
