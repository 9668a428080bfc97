import { availableParallelism } from 'node:os';

/**
 * How long a worker spins at a step's barriers before it sleeps, when every worker has a core
 * of its own. Waking a thread that sleeps in Atomics.wait takes a futex wake-up, and on a VM an
 * interrupt to an idle virtual CPU: measured at about 200 µs per barrier on the 2-core test VM,
 * a quarter of a 2-worker mnist step with native kernels. A waiter that spins this long instead
 * is there when the last worker arrives (the workers' shards are equal, so they arrive close).
 */
export const DEDICATED_CORE_SPIN_MICROSECONDS = 1000;

/**
 * The barrier spin of a run with `workers` threads: long when they fit on the machine's cores
 * and no other process takes part in the step, none beyond the brief default otherwise (threads
 * that share cores must not burn the time of the one everybody waits for).
 */
export function barrierSpinMicroseconds(
  workers: number,
  acrossProcesses: boolean,
  cores = availableParallelism(),
): number {
  return !acrossProcesses && workers <= cores ? DEDICATED_CORE_SPIN_MICROSECONDS : 0;
}
