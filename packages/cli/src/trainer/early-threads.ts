// The run's worker threads, started before its data is generated or read: a thread's start-up (a
// Node.js isolate, then the step loop's modules) then overlaps that work instead of holding up the
// first epoch. Only where the worker count is already known and allowed.

import { WorkerThreads } from '@shardwise/worker';
import { maxWorkers } from './worker-limit.js';

/** Threads started early, ended on leaving an `await using` scope unless an engine took them. */
export interface EarlyThreads {
  /** The threads, or null when none were started. */
  readonly threads: WorkerThreads | null;
  /** Ends the threads unless an engine took them over. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Threads for `workers` workers (a count known before the data, e.g. planned for a synthetic set
 * or given explicitly), or none when it is not known yet or beyond the machine's limit (the run's
 * own checks then report it, in their usual order). Pass them to the engine, or let them end.
 */
export function startThreadsEarly(workers: number | 'auto' | undefined): EarlyThreads {
  const known = typeof workers === 'number' && Number.isInteger(workers) && workers >= 1;
  const threads = known && workers <= maxWorkers() ? new WorkerThreads(workers) : null;
  return { threads, [Symbol.asyncDispose]: async () => await threads?.close() };
}
