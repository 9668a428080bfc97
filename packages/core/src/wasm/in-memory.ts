import type { FloatArray } from '../dtype.js';
import type { WebAssembly } from './webassembly-types.js';

/**
 * Whether the arrays (up to five) are all views of `memory`'s buffer with the dtype of the first:
 * the condition for a WebAssembly kernel to work on them in place. Fixed arity rather than rest
 * arguments, because the kernels ask on every call of a training step, which allocates nothing.
 */
export function allInMemory(
  memory: WebAssembly.Memory,
  a: FloatArray,
  b: FloatArray,
  c: FloatArray = a,
  d: FloatArray = a,
  e: FloatArray = a,
): boolean {
  const buffer = memory.buffer;
  const f32 = a instanceof Float32Array;
  return (
    fits(a, buffer, f32) &&
    fits(b, buffer, f32) &&
    fits(c, buffer, f32) &&
    fits(d, buffer, f32) &&
    fits(e, buffer, f32)
  );
}

function fits(x: FloatArray, buffer: ArrayBufferLike, f32: boolean): boolean {
  return x.buffer === buffer && x instanceof Float32Array === f32;
}
