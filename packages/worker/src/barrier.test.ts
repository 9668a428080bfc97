// The barrier must tell "everyone arrived" from "a worker failed": an abort also moves the
// generation on (to wake sleepers), and a waiter that took that for a release once committed a
// step with a stale gradient.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { arriveAtBarrier, awaitBarrier, releaseBarrier, wakeAll } from './barrier.js';
import { barrierSpin, MAX_SPIN_MICROSECONDS, MIN_SPIN_MICROSECONDS, SpinBudget } from './barrier-spin.js';
import { CONTROL_LENGTH, Control } from './control.js';

function controlBlock(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(CONTROL_LENGTH * 4));
}

describe('barrier', () => {
  it('lets the waiters through when the last party arrives', () => {
    const control = controlBlock();
    const generation = arriveAtBarrier(control, 2);
    expect(generation).toBe(0);
    expect(arriveAtBarrier(control, 2)).toBe(-1);
    releaseBarrier(control);
    expect(awaitBarrier(control, generation)).toBe(true);
    expect(Atomics.load(control, Control.barrierCount)).toBe(0);
  });

  it('reports an abort to a waiter, whose generation the abort moved on', () => {
    const control = controlBlock();
    const generation = arriveAtBarrier(control, 2);
    Atomics.store(control, Control.abort, 1);
    wakeAll(control);
    expect(Atomics.load(control, Control.barrierGeneration)).not.toBe(generation);
    expect(awaitBarrier(control, generation)).toBe(false);
  });
});

describe('barrier spin', () => {
  /** Releases the barrier from another thread after `ms` milliseconds. */
  function releaseLater(control: Int32Array, ms: number): Worker {
    const code = `
      const { workerData } = require('node:worker_threads');
      const { control, index, ms } = workerData;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      Atomics.add(control, index, 1);
      Atomics.notify(control, index);`;
    return new Worker(code, { eval: true, workerData: { control, index: Control.barrierGeneration, ms } });
  }

  it.each([
    ['while it spins', 10_000_000, 10_000_000],
    ['after it spun and went to sleep', 100, 50],
  ])('lets a waiter through when another thread releases %s', async (_when, max, after) => {
    const control = controlBlock();
    const generation = arriveAtBarrier(control, 2);
    const releaser = releaseLater(control, 20);
    const spin = new SpinBudget(max);
    expect(awaitBarrier(control, generation, spin)).toBe(true);
    // Released while spinning: the budget stays; after sleeping: halved.
    expect(spin.microseconds).toBe(after);
    await releaser.terminate();
  });

  it('halves the budget after each wait that slept, down to the minimum, and doubles it back', () => {
    const spin = new SpinBudget(MAX_SPIN_MICROSECONDS);
    for (let i = 0; i < 20; i++) spin.record(false);
    expect(spin.microseconds).toBe(MIN_SPIN_MICROSECONDS);
    for (let i = 0; i < 20; i++) spin.record(true);
    expect(spin.microseconds).toBe(MAX_SPIN_MICROSECONDS);
  });

  it('reports an abort to a waiter that spins', () => {
    const control = controlBlock();
    const generation = arriveAtBarrier(control, 2);
    Atomics.store(control, Control.abort, 1);
    wakeAll(control);
    expect(awaitBarrier(control, generation, new SpinBudget(1000))).toBe(false);
  });

  it('spins long only when every worker has a core and no other process takes part', () => {
    expect(barrierSpin(2, false, 2)?.microseconds).toBe(MIN_SPIN_MICROSECONDS);
    expect(barrierSpin(3, false, 2)).toBeNull();
    expect(barrierSpin(2, true, 16)).toBeNull();
  });
});
