import type { KernelBackend } from '@shardwise/worker';

/** Which kernels training, evaluation and prediction run: a backend, or `'auto'` (wasm where this Node.js supports SIMD). */
export type KernelChoice = KernelBackend | 'auto';

/** Every {@link KernelChoice}: the values of `--kernels` for train, bench, eval and predict. */
export const KERNEL_CHOICES = ['auto', 'wasm', 'ts'] as const satisfies readonly KernelChoice[];
