import type { KernelBackend } from '@shardwise/worker';

/** Which kernels evaluation and prediction run: wasm, ts, or `'auto'` (wasm where this Node.js supports SIMD). */
export type ForwardKernelChoice = Exclude<KernelBackend, 'native'> | 'auto';

/** Every {@link ForwardKernelChoice}: the values of `--kernels` for eval and predict. */
export const FORWARD_KERNEL_CHOICES = [
  'auto',
  'wasm',
  'ts',
] as const satisfies readonly ForwardKernelChoice[];

/** Which kernels training runs: a backend (`'native'`: CBLAS GEMMs, see @shardwise/blas), or `'auto'`. */
export type KernelChoice = KernelBackend | 'auto';

/** Every {@link KernelChoice}: the values of `--kernels` for train and bench. */
export const KERNEL_CHOICES = [
  ...FORWARD_KERNEL_CHOICES,
  'native',
] as const satisfies readonly KernelChoice[];
