// The early refusal of kernels 'native' where the addon is missing: the caller's own choice names
// what to install; a value restored from a resumed checkpoint also says so and hints wasm.
import { describe, expect, it } from 'vitest';
import { CLI_NAMING } from '../commands/cli-option-naming.js';
import { UsageError } from '../errors.js';
import { checkNativeKernelsRunHere } from './native-kernels-check.js';
import { LIBRARY_NAMING } from './option-naming.js';

const missing = () => ({ wasm: true, nativeMissing: 'the native kernels are not built: apt-get install x' });
const present = () => ({ wasm: true, nativeMissing: null });

function errorOf(run: () => void): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('checkNativeKernelsRunHere', () => {
  it('accepts native where it loads, and never probes for another choice', () => {
    expect(() => checkNativeKernelsRunHere('native', 'run.ckpt', CLI_NAMING, present)).not.toThrow();
    const probe = () => {
      throw new Error('probed');
    };
    for (const choice of ['wasm', 'ts', 'auto'] as const)
      expect(() => checkNativeKernelsRunHere(choice, 'run.ckpt', CLI_NAMING, probe)).not.toThrow();
  });

  it('refuses the caller’s own native, naming the flag and what to install, with no hint', () => {
    const error = errorOf(() => checkNativeKernelsRunHere('native', undefined, CLI_NAMING, missing));
    expect(error.message).toBe('--kernels native: the native kernels are not built: apt-get install x');
    expect(error.hint).toBeUndefined();
  });

  it('refuses a native saved in the checkpoint, naming it, and hints the WebAssembly kernels', () => {
    const error = errorOf(() => checkNativeKernelsRunHere('native', 'run.ckpt', CLI_NAMING, missing));
    expect(error.message).toBe(
      '--kernels native (saved in run.ckpt): the native kernels are not built: apt-get install x',
    );
    expect(error.hint).toMatch(/^--kernels wasm resumes it on the WebAssembly kernels without the addon/);
    const library = errorOf(() => checkNativeKernelsRunHere('native', 'run.ckpt', LIBRARY_NAMING, missing));
    expect(library.message).toMatch(/^kernels native \(saved in run\.ckpt\): /);
    expect(library.hint).toMatch(/^kernels wasm resumes it/);
  });
});
