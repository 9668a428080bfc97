// The one rule by which `auto` picks kernels (train, bench, eval, predict, Model), on every
// combination of what a machine can run, with the availability given rather than probed.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { NATIVE_MIN_LAYER_WEIGHTS, nativePays, resolveKernels } from './kernel-choice.js';

const everything = () => ({ wasm: true, nativeMissing: null });
const noNative = () => ({ wasm: true, nativeMissing: 'the native kernels are not built: apt-get install x' });
const nothing = () => ({ wasm: false, nativeMissing: 'WebAssembly SIMD is not supported' });

describe('resolveKernels', () => {
  it('picks native for auto where it loads and a layer is large enough, else wasm, else ts', () => {
    expect(resolveKernels('auto', [784, 256, 10], everything)).toBe('native');
    expect(resolveKernels('auto', [2, 16, 3], everything)).toBe('wasm');
    expect(resolveKernels('auto', [784, 256, 10], noNative)).toBe('wasm');
    expect(resolveKernels('auto', [784, 256, 10], nothing)).toBe('ts');
  });

  it('keeps an explicit backend whatever the model', () => {
    for (const choice of ['wasm', 'ts', 'native'] as const) {
      expect(resolveKernels(choice, [2, 16, 3], everything)).toBe(choice);
      expect(resolveKernels(choice, [784, 256, 10], everything)).toBe(choice);
    }
  });

  it('refuses an explicit native that cannot run here, naming the option and what is missing', () => {
    expect(() => resolveKernels('native', [784, 256, 10], noNative)).toThrow(UsageError);
    expect(() => resolveKernels('native', [784, 256, 10], noNative, '--kernels')).toThrow(
      '--kernels native: the native kernels are not built: apt-get install x',
    );
  });

  it('does not probe the addon for an explicit wasm or ts', () => {
    const probe = () => {
      throw new Error('probed');
    };
    expect(resolveKernels('wasm', [784, 256, 10], probe)).toBe('wasm');
    expect(resolveKernels('ts', [784, 256, 10], probe)).toBe('ts');
  });
});

describe('nativePays', () => {
  it('is true from the first layer with NATIVE_MIN_LAYER_WEIGHTS weights (inputs × outputs) up', () => {
    expect(NATIVE_MIN_LAYER_WEIGHTS).toBe(1024);
    expect(nativePays([32, 32])).toBe(true);
    expect(nativePays([31, 33])).toBe(false); // 1023 weights
    expect(nativePays([2, 16, 16, 2])).toBe(false);
    expect(nativePays([2, 64, 64, 3])).toBe(true); // the middle layer only
    expect(nativePays([64, 128, 8])).toBe(true);
    expect(nativePays([5])).toBe(false);
  });
});
