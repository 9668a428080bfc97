// The run's worker threads, started before its data is generated or read: a thread's start-up (a
// Node.js isolate, then the step loop's modules) then overlaps that work instead of holding up the
// first epoch. Only where the worker count is already known and allowed.

import { WorkerThreads } from '@shardwise/worker';
import { maxWorkers } from './worker-limit.js';

/**
 * Threads for `workers` workers (a count known before the data, e.g. planned for a synthetic set
 * or given explicitly), or null when it is not known yet or beyond the machine's limit (the run's
 * own checks then report it, in their usual order). Pass them to the engine, or close them.
 */
export function startThreadsEarly(workers: number | 'auto' | undefined): WorkerThreads | null {
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1) return null;
  if (workers > maxWorkers()) return null;
  return new WorkerThreads(workers);
}
