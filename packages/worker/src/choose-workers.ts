import { availableParallelism } from 'node:os';
import { trainingFlopsPerRow } from '@shardwise/core';
import type { KernelBackend } from './engine.js';

// A step with N workers takes about compute/N + (N − 1) · BARRIER_SECONDS_PER_WORKER. Measured
// with `pnpm bench:engine` and `shardwise bench` on an otherwise idle 2-core machine: GEMM work
// runs at ~5 GFLOP/s per core with the TypeScript kernels and ~40 with WebAssembly SIMD; each row
// also costs work outside the GEMMs (activations, softmax, gathers, its share of the update):
// ~0.5 µs in TypeScript, ~0.25 µs with the WebAssembly layer kernels (tiny 2-16-3, batch 64: 18 µs
// per step on 1 worker); and a second worker adds ~5 µs of barriers per step. Threads that must
// share busy cores pay far more: `auto` assumes the cores are free.
// The native GEMM: ~100 GFLOP/s per core for OpenBLAS's f32 GEMM (issue 16), its other work on
// the WebAssembly kernels.
const FLOPS_PER_SECOND: Record<KernelBackend, number> = { ts: 5e9, wasm: 40e9, native: 100e9 };
const SECONDS_PER_ROW: Record<KernelBackend, number> = { ts: 0.5e-6, wasm: 0.25e-6, native: 0.25e-6 };
const BARRIER_SECONDS_PER_WORKER = 5e-6;

/** Predicted seconds per step with `workers` workers running `kernels`. */
export function predictedStepSeconds(
  sizes: readonly number[],
  batchSize: number,
  workers: number,
  kernels: KernelBackend = 'ts',
): number {
  const compute =
    batchSize * (trainingFlopsPerRow(sizes) / FLOPS_PER_SECOND[kernels] + SECONDS_PER_ROW[kernels]);
  return compute / workers + (workers - 1) * BARRIER_SECONDS_PER_WORKER;
}

/**
 * `workers: 'auto'`: the count, up to the cores and the batch rows, with the shortest predicted
 * step; 1 where a step is so short that synchronisation would cost more than the split saves.
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
