import { availableParallelism } from 'node:os';
import type { KernelBackend } from './engine.js';

// A step with N workers takes about compute/N + N · BARRIER_SECONDS_PER_WORKER, one worker just
// compute (its barriers cost ~5 µs). Measured with `pnpm bench:engine` on this 2-core machine:
// the whole step runs at ~5 GFLOP/s per core with the TypeScript kernels and ~25 with WebAssembly
// SIMD, and two workers pay ~70 µs of barriers per step.
const FLOPS_PER_SECOND: Record<KernelBackend, number> = { ts: 5e9, wasm: 25e9 };
const BARRIER_SECONDS_PER_WORKER = 35e-6;

/** Floating-point operations of forward and backward for one row: 2·in·out + 4·in·out per layer. */
export function flopsPerRow(sizes: readonly number[]): number {
  let macs = 0;
  for (let l = 0; l + 1 < sizes.length; l++) macs += sizes[l]! * sizes[l + 1]!;
  return 6 * macs;
}

/** Predicted seconds per step with `workers` workers running `kernels`. */
export function predictedStepSeconds(
  sizes: readonly number[],
  batchSize: number,
  workers: number,
  kernels: KernelBackend = 'ts',
): number {
  const compute = (flopsPerRow(sizes) * batchSize) / FLOPS_PER_SECOND[kernels];
  return workers === 1 ? compute : compute / workers + workers * BARRIER_SECONDS_PER_WORKER;
}

/**
 * `workers: 'auto'`: the count, up to the cores, with the shortest predicted step; 1 for models
 * so small that synchronisation would cost more than the split saves.
 */
export function chooseWorkerCount(
  sizes: readonly number[],
  batchSize: number,
  cores = availableParallelism(),
  kernels: KernelBackend = 'ts',
): number {
  const step = (n: number) => predictedStepSeconds(sizes, batchSize, n, kernels);
  let best = 1;
  for (let n = 2; n <= Math.min(cores, batchSize); n++) if (step(n) < step(best)) best = n;
  return best;
}
