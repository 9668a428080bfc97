import { RELAXED_SIMD_KERNELS_BASE64, SIMD_KERNELS_BASE64 } from './kernels-binary.generated.js';
import { WebAssembly } from './webassembly-types.js';

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

/** The kernels this process runs: which build, and its compiled module. */
export interface ProcessKernels {
  /** The build: relaxed SIMD where this runtime validates it, plain SIMD otherwise. */
  readonly variant: SimdVariant;
  /** The compiled module, shared by every user in the process (and posted to worker threads). */
  readonly module: WebAssembly.Module;
}

let processKernelsCache: ProcessKernels | null | undefined;

/**
 * The WebAssembly kernels this process runs, compiled on first use and then shared: the relaxed
 * SIMD build (fused multiply-add) where this runtime validates it (V8 12+, i.e. Node 22+, or
 * Node 20 with --experimental-wasm-relaxed-simd), plain SIMD otherwise, null without SIMD.
 */
export function processKernels(): ProcessKernels | null {
  if (processKernelsCache === undefined) {
    processKernelsCache = null;
    for (const variant of ['relaxed', 'simd'] as const) {
      const module = compileKernelModule(variant);
      if (module) {
        processKernelsCache = { variant, module };
        break;
      }
    }
  }
  return processKernelsCache;
}
