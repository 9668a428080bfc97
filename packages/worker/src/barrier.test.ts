// The barrier must tell "everyone arrived" from "a worker failed": an abort also moves the
// generation on (to wake sleepers), and a waiter that took that for a release once committed a
// step with a stale gradient.
import { describe, expect, it } from 'vitest';
import { arriveAtBarrier, awaitBarrier, releaseBarrier, wakeAll } from './barrier.js';
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
