/**
 * The most worker threads a run may have on this machine. More threads than cores only take
 * turns (a step waits for the slowest), and each costs about 10 MiB: `--workers 1000` on 2 cores
 * would take 10 GiB to run slower than 2. The limit is generous, so that a worker count chosen
 * on a larger machine (e.g. to reproduce its results bit for bit) still runs here.
 */

import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';

/** Worker threads allowed per core. */
export const MAX_WORKERS_PER_CORE = 8;

/** The most workers a run may have with `cores` cores. */
export function maxWorkers(cores = availableParallelism()): number {
  return MAX_WORKERS_PER_CORE * Math.max(1, cores);
}

/**
 * Throws a UsageError for more workers than `maxWorkers(cores)`; `checkpoint` names the file the
 * count came from when it was not given explicitly (resume reuses the saved count).
 */
export function checkWorkerCount(workers: number, checkpoint?: string, cores = availableParallelism()): void {
  const limit = maxWorkers(cores);
  if (workers <= limit) return;
  const rule = `more than ${MAX_WORKERS_PER_CORE} per core (this machine has ${cores} core${cores === 1 ? '' : 's'}: at most ${limit})`;
  if (checkpoint !== undefined) {
    throw new UsageError(
      `${checkpoint} was saved with ${workers} workers, ${rule}`,
      `resume with --workers ${Math.min(limit, Math.max(1, cores))} (results then differ only by float rounding)`,
    );
  }
  throw new UsageError(`--workers ${workers} is ${rule}`, `use --workers ${Math.max(1, cores)} or auto`);
}
