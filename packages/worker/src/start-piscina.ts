// The engine's thread pool: piscina with exactly `workers` long-lived threads. In a file of its
// own so that the public declarations (worker-threads.d.ts) never import piscina's, which need
// @types/node and lib esnext.disposable in a consumer's compilation.
import { Piscina } from 'piscina';
import type { WorkerResourceLimits } from './worker-threads.js';

const WORKER_FILE = new URL('./worker-entry.js', import.meta.url).href;

/** A fixed pool of `workers` threads that load the step loop as they start, each to run one long-lived task. */
export function startPiscina(workers: number, resourceLimits?: WorkerResourceLimits): Piscina {
  return new Piscina({
    filename: WORKER_FILE,
    minThreads: workers,
    maxThreads: workers,
    concurrentTasksPerWorker: 1,
    idleTimeout: 2 ** 31 - 1,
    ...(resourceLimits && { resourceLimits }),
  });
}
