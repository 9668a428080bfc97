import type { SpinBudget } from './barrier-spin.js';
import { Control } from './control.js';

// A reusable barrier over the control block. Waiters spin briefly (a step on two busy cores
// usually ends within microseconds of the others), then sleep in Atomics.wait so that
// oversubscribed threads do not burn the cores the others need.
const SPIN = 2000;
const WAIT_MS = 100;

/**
 * Arrives at the barrier. Returns -1 for the last of `parties` to arrive, which must call
 * `releaseBarrier` (after doing any work that must happen while everyone waits); every other
 * party gets the generation to pass to `awaitBarrier`.
 */
export function arriveAtBarrier(control: Int32Array, parties: number): number {
  const generation = Atomics.load(control, Control.barrierGeneration);
  if (Atomics.add(control, Control.barrierCount, 1) === parties - 1) {
    Atomics.store(control, Control.barrierCount, 0);
    return -1;
  }
  return generation;
}

export function releaseBarrier(control: Int32Array): void {
  Atomics.add(control, Control.barrierGeneration, 1);
  Atomics.notify(control, Control.barrierGeneration);
}

/**
 * True once the run was aborted or the engine is shutting down. Both move the generation on
 * (wakeAll) without everyone having arrived, so no barrier counts as released after either.
 */
export function halted(control: Int32Array): boolean {
  return Atomics.load(control, Control.abort) !== 0 || Atomics.load(control, Control.shutdown) !== 0;
}

/**
 * Waits until the barrier is released; false when the run was aborted or the engine shut down
 * meanwhile. A changed generation alone does not mean everyone arrived: the flags, stored before
 * wakeAll moves it, are checked on every way out. With `spin`, the waiter keeps spinning up to
 * its budget before it sleeps, and tells it how the wait ended (see barrier-spin.ts).
 */
export function awaitBarrier(
  control: Int32Array,
  generation: number,
  spin: SpinBudget | null = null,
): boolean {
  for (let i = 0; i < SPIN; i++) {
    if (Atomics.load(control, Control.barrierGeneration) !== generation) {
      spin?.record(true);
      return !halted(control);
    }
  }
  if (spin) {
    const until = performance.now() + spin.microseconds / 1000;
    do {
      for (let i = 0; i < SPIN; i++) {
        if (Atomics.load(control, Control.barrierGeneration) !== generation) {
          spin.record(true);
          return !halted(control);
        }
      }
    } while (performance.now() < until);
    spin.record(false);
  }
  while (Atomics.load(control, Control.barrierGeneration) === generation) {
    if (halted(control)) return false;
    Atomics.wait(control, Control.barrierGeneration, generation, WAIT_MS);
  }
  return !halted(control);
}

/** Wakes every thread that may be sleeping on the control block (after abort or shutdown). */
export function wakeAll(control: Int32Array): void {
  Atomics.add(control, Control.barrierGeneration, 1);
  Atomics.notify(control, Control.barrierGeneration);
  Atomics.add(control, Control.runGeneration, 1);
  Atomics.notify(control, Control.runGeneration);
  Atomics.add(control, Control.doneGeneration, 1);
  Atomics.notify(control, Control.doneGeneration);
  signalMain(control);
}

/** Wakes the engine's thread (waiting for the run's end or for an exchange to run). */
export function signalMain(control: Int32Array): void {
  Atomics.add(control, Control.mainSignal, 1);
  Atomics.notify(control, Control.mainSignal);
}
