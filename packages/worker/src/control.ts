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
  /** Optimizer updates committed so far (Adam's t for the next update is this + 1). */
  globalStep: 5,
  /** Which of the two parameter/state buffers holds the committed values (0 or 1). */
  current: 6,
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
} as const;

export const CONTROL_LENGTH = 32;

/**
 * Test-only faults: throw once, end the thread once, throw at that step every time it runs, or
 * allocate until the thread's resource limits kill it (once).
 */
export const FaultKind = { none: 0, throw: 1, exit: 2, throwAlways: 3, oom: 4 } as const;
