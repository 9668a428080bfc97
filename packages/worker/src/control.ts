/**
 * The control block: a small Int32Array in shared memory through which the main thread and the
 * workers coordinate. Only these integers cross threads per step; data, parameters and gradients
 * stay in place. Each field is one index.
 */
export const Control = {
  /** Bumped by the main thread to start a run of steps (workers wait on it). */
  runGeneration: 0,
  /** First step (batch index within the epoch) of the run. */
  runFirstStep: 1,
  /** One past the last step of the run; lowered by the committing worker when a stop is requested. */
  runEndStep: 2,
  /** Training rows this epoch: step k covers order[k·batch, min((k+1)·batch, rows)) (batch fixed per engine). */
  epochRows: 3,
  // Index 4 is free (it held a batch size nothing read: the batch is fixed per engine, in the task).
  /**
   * Optimizer updates committed so far (Adam's t for the next update is this + 1). Its parity also
   * names the committed parameter/state buffer (see committedBuffer), so the one atomic add that
   * counts a step also commits it: there is no moment where the count and the buffers disagree.
   */
  globalStep: 5,
  // 6 is free (it held the committed buffer's index, now globalStep's parity).
  /** Set by the main thread: finish the current step, then end the run. */
  stopRequested: 7,
  /** Set when a worker failed: every worker leaves its loop at the next check. */
  abort: 8,
  /** Set by close(): workers return from their long-lived tasks. */
  shutdown: 9,
  barrierCount: 10,
  barrierGeneration: 11,
  /** Bumped by the last worker to leave a run; the main thread waits on it. */
  doneGeneration: 12,
  /** Workers that have left the current run; the main thread starts no run until all have. */
  workersIdle: 13,
  /** Test-only fault injection: worker index (−1 for none), kind, and global step at which it fires. */
  faultWorker: 14,
  faultKind: 15,
  faultStep: 16,
  /**
   * Test-only: the phase of the step at which the armed fault fires (FaultPhase; 0 when none is
   * armed). The step loop compares it once per phase and looks at nothing else unless it matches.
   */
  faultPhase: 17,
  /** Workers that have picked up the current run (the watchdog gives threads starting up longer). */
  workersJoined: 18,
  /**
   * Set by the last worker through a step's compute barrier when the shards must cross processes:
   * the engine's thread then runs the exchange and releases the barrier (see GradientExchange).
   */
  exchangeRequested: 19,
  /** Bumped (and notified) for the engine's thread: an exchange was requested, or the run ended. */
  mainSignal: 22,
  /**
   * The lr of the run's updates, a float64 over Int32 slots 20 and 21 (see runLrView): set by the
   * main thread between runs (a schedule changes it between epochs), read by each worker as a run
   * starts, so a new lr costs no message and nothing per step.
   */
  runLr: 20,
} as const;

export const CONTROL_LENGTH = 32;

/**
 * Test-only faults: throw once, end the thread once, throw at that step every time it runs,
 * allocate until the thread's resource limits kill it (once), or stop making progress for good
 * (once): block in Atomics.wait ('hang') or loop without end ('spin').
 */
export const FaultKind = { none: 0, throw: 1, exit: 2, throwAlways: 3, oom: 4, hang: 5, spin: 6 } as const;

/**
 * Test-only: where in the step a fault fires. 'start': before the shard gradient; 'reduce': after
 * the worker reduced its slice of the gradient; 'update': after it wrote its slice of the next
 * parameters and state; 'commit': in the committing worker (the last to reach the step's second
 * barrier, whichever it is), just before the store that commits; 'committed': there, just after it.
 */
export const FaultPhase = { none: 0, start: 1, reduce: 2, update: 3, commit: 4, committed: 5 } as const;

/** A float64 view of the control block's lr slot (the block is 64-byte aligned in the shared buffer). */
export function runLrView(control: Int32Array): Float64Array {
  return new Float64Array(control.buffer, control.byteOffset + 4 * Control.runLr, 1);
}

/** The buffer (0 or 1) of params/state that holds the values after `globalStep` committed updates. */
export function committedBuffer(globalStep: number): 0 | 1 {
  return (globalStep & 1) as 0 | 1;
}
