import './webassembly-types.js';
import { RELAXED_SIMD_KERNELS_BASE64, SIMD_KERNELS_BASE64 } from './kernels-binary.generated.js';

/** Which build of the WebAssembly kernels: plain 128-bit SIMD, or relaxed SIMD (fused multiply-add). */
export type SimdVariant = 'simd' | 'relaxed';

function bytesOf(variant: SimdVariant): Uint8Array {
  return Uint8Array.from(
    atob(variant === 'relaxed' ? RELAXED_SIMD_KERNELS_BASE64 : SIMD_KERNELS_BASE64),
    (ch) => ch.charCodeAt(0),
  );
}

/**
 * The compiled kernels module, or null where this engine cannot run it (no SIMD; for `relaxed`,
 * relaxed SIMD not enabled). Compile once and share: a Module can be posted to worker threads.
 */
export function compileKernelModule(variant: SimdVariant): WebAssembly.Module | null {
  const bytes = bytesOf(variant);
  if (!WebAssembly.validate(bytes)) return null;
  return new WebAssembly.Module(bytes);
}
