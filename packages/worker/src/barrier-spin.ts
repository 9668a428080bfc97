import { availableParallelism } from 'node:os';

/**
 * The most a worker spins at a step's barrier before it sleeps, when every worker has a core of
 * its own. Waking a thread that sleeps in Atomics.wait takes a futex wake-up, and on a VM an
 * interrupt to an idle virtual CPU: measured at about 200 µs per barrier on the 2-core test VM,
 * a quarter of a 2-worker mnist step with native kernels.
 */
export const MAX_SPIN_MICROSECONDS = 1000;

/** The least budget an adaptive spin shrinks to: cheap, and enough to notice that spinning pays again. */
export const MIN_SPIN_MICROSECONDS = 16;

/**
 * How long a worker spins at the barriers, adapted to what spinning achieves: a wait that ended
 * while spinning doubles the budget (up to the maximum), one that had to sleep halves it (down to
 * MIN_SPIN_MICROSECONDS). On an idle machine the other workers arrive within the budget and no
 * one sleeps; where other processes take the cores, the worker everyone waits for is off its core
 * for milliseconds, and spinning would only take CPU time from it (the threads of a process share
 * one scheduler group), so the budget falls to the minimum within a few steps.
 */
export class SpinBudget {
  /** The current budget. */
  microseconds: number;

  constructor(
    private readonly max: number,
    initial = max,
  ) {
    this.microseconds = initial;
  }

  /** Records how a wait ended. */
  record(releasedWhileSpinning: boolean): void {
    this.microseconds = releasedWhileSpinning
      ? Math.min(this.max, this.microseconds * 2)
      : Math.max(MIN_SPIN_MICROSECONDS, this.microseconds / 2);
  }
}

/**
 * The barrier spin of a run with `workers` threads: an adaptive budget when they fit on the
 * machine's cores and no other process takes part in the step; null (the brief default spin only)
 * otherwise, where threads share cores by design.
 */
export function barrierSpin(
  workers: number,
  acrossProcesses: boolean,
  cores = availableParallelism(),
): SpinBudget | null {
  // From the minimum: engines that live for a few steps (tests, short runs) on shared cores pay
  // almost nothing, and on idle cores a few waits that end while spinning double it to the maximum.
  return !acrossProcesses && workers <= cores
    ? new SpinBudget(MAX_SPIN_MICROSECONDS, MIN_SPIN_MICROSECONDS)
    : null;
}
