/**
 * The watchdog's default: how long a run may go without any worker passing a barrier (a phase of
 * a step) before the slowest worker counts as hung. It must never trip on a legitimately slow step,
 * so it is the larger of a fixed floor and the step's arithmetic at a pessimistic speed.
 */

/** The default never goes below 10 minutes (also the limit for threads starting up). */
export const STEP_TIMEOUT_FLOOR_SECONDS = 600;

/**
 * The slowest the default allows for, over the whole pool: 10 MFLOP/s, over 100× below what one
 * worker thread with the TypeScript kernels reached on a 2-core machine under a load of 20
 * (`pnpm bench:engine`: 784-256-10 at 1277 samples/s, about 1.5 GFLOP/s), to leave room for
 * heavily oversubscribed or swapping hosts.
 */
export const SLOWEST_FLOPS_PER_SECOND = 1e7;

/**
 * Floating-point operations of one step: forward and backward over the batch (6 per parameter and
 * row: x·W, then the gradients of W and of x), the reduction over the workers' slots (2 per
 * parameter and worker) and the optimizer (under 20 per parameter).
 */
export function stepFlops(paramCount: number, batchSize: number, workers: number): number {
  return paramCount * (6 * batchSize + 2 * workers + 20);
}

/** Default step timeout in seconds: max(10 minutes, the step's FLOPs at 10 MFLOP/s). */
export function defaultStepTimeout(paramCount: number, batchSize: number, workers: number): number {
  return Math.max(
    STEP_TIMEOUT_FLOOR_SECONDS,
    stepFlops(paramCount, batchSize, workers) / SLOWEST_FLOPS_PER_SECOND,
  );
}
