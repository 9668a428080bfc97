// Which kernels a run uses, and the one rule by which `auto` picks them for train, bench, eval,
// predict and Model: native (the system's CBLAS) where it loads and the layers are large enough
// for it to pay, else WebAssembly SIMD where this Node.js validates it, else TypeScript.

import { type KernelBackend, nativeKernelsUnavailable, wasmKernelsAvailable } from '@shardwise/worker';
import { UsageError } from '../errors.js';

/** Which kernels evaluation and prediction run: a backend, or `'auto'` (native where the CBLAS addon loads and a layer has 1024+ weights, else WebAssembly SIMD, else TypeScript). */
export type ForwardKernelChoice = KernelBackend | 'auto';

/** Every {@link ForwardKernelChoice}: the values of `--kernels` for eval and predict. */
export const FORWARD_KERNEL_CHOICES = [
  'auto',
  'wasm',
  'ts',
  'native',
] as const satisfies readonly ForwardKernelChoice[];

/** Which kernels training runs: a backend (`'native'`: CBLAS GEMMs, see @shardwise/blas), or `'auto'`. */
export type KernelChoice = KernelBackend | 'auto';

/** Every {@link KernelChoice}: the values of `--kernels` for train and bench. */
export const KERNEL_CHOICES = FORWARD_KERNEL_CHOICES satisfies readonly KernelChoice[];

/**
 * `auto` picks native only for a model with a layer of at least this many weights (inputs ×
 * outputs). Measured on a 2-core Zen 5 with OpenBLAS 0.3.21 (`pnpm bench:blas 4,8,16,32,64,128`,
 * one thread): the CBLAS GEMM is 0.6–0.76× the WebAssembly one on 16 × 16 operands and smaller,
 * where its per-call cost dominates, and 1.3× at 32 × 32, 1.8–2.0× from 64 × 64 up; whole
 * training steps of 2-16-3 and 2-16-16-2 measured within the machine's noise of each other, and
 * 2-64-64-3 (1.5×), 64-128-8 (1.2×), 784-256-10 (2.0×) and 256-512-512-10 (1.9×) faster native.
 * Below it the WebAssembly kernels serve, whose results do not depend on the BLAS installed.
 */
export const NATIVE_MIN_LAYER_WEIGHTS = 32 * 32;

/** What this process can run, as `resolveKernels` asks it (replaceable in tests). */
export interface KernelAvailability {
  /** Whether WebAssembly SIMD validates here. */
  readonly wasm: boolean;
  /** Why the native kernels cannot run here (one line), or null where they can. */
  readonly nativeMissing: string | null;
}

/** What this process can run: WebAssembly SIMD, and the native addon (loaded here to find out). */
export function kernelAvailability(): KernelAvailability {
  return { wasm: wasmKernelsAvailable(), nativeMissing: nativeKernelsUnavailable() };
}

/** Whether `auto` runs a model of these layer widths on the native kernels where they load. */
export function nativePays(sizes: readonly number[]): boolean {
  for (let l = 0; l + 1 < sizes.length; l++) {
    if (sizes[l]! * sizes[l + 1]! >= NATIVE_MIN_LAYER_WEIGHTS) return true;
  }
  return false;
}

/**
 * The backend `choice` means for a model of layer widths `sizes`: itself, or for `'auto'` native
 * where it loads and {@link nativePays}, else wasm where SIMD validates, else ts. An explicit
 * `'native'` that cannot run here is a UsageError naming what to install (`flag` names the
 * option); an explicit `'wasm'` without SIMD is left to the runner that needs it.
 */
export function resolveKernels(
  choice: KernelChoice,
  sizes: readonly number[],
  available: () => KernelAvailability = kernelAvailability,
  flag = 'kernels',
): KernelBackend {
  if (choice === 'native') {
    const { nativeMissing } = available();
    if (nativeMissing !== null) throw new UsageError(`${flag} native: ${nativeMissing}`);
    return 'native';
  }
  if (choice !== 'auto') return choice;
  const { wasm, nativeMissing } = available();
  if (nativeMissing === null && nativePays(sizes)) return 'native';
  return wasm ? 'wasm' : 'ts';
}
