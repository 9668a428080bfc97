// The engine's worker threads, which can be started before the engine: a thread's start-up (a
// Node.js isolate, then loading the step loop's modules) takes 0.1–0.6 s, and overlapping it
// with generating or reading the data keeps it out of the first epoch.
import { isDeepStrictEqual } from 'node:util';
import type { Piscina } from 'piscina';
import { startPiscina } from './start-piscina.js';

/** Heap limits of each worker thread (see EngineOptions.resourceLimits). */
export interface WorkerResourceLimits {
  /** The old generation's heap size in MB, as for `new Worker`. */
  readonly maxOldGenerationSizeMb?: number;
  /** The young generation's heap size in MB, as for `new Worker`. */
  readonly maxYoungGenerationSizeMb?: number;
}

/**
 * Worker threads started ahead of the engine that will run on them (EngineOptions.threads): the
 * engine takes them over; until then, and if none does, `close` ends them. (No
 * Symbol.asyncDispose here: a public type with it breaks consumers compiled without
 * lib esnext.disposable.)
 */
export class WorkerThreads {
  /** Threads started. */
  readonly workers: number;
  /** Their heap limits, if any. */
  readonly resourceLimits: WorkerResourceLimits | undefined;
  private pool: Piscina | null;

  /** Starts `workers` threads (a positive integer) with the given heap limits. */
  constructor(workers: number, resourceLimits?: WorkerResourceLimits) {
    if (!Number.isInteger(workers) || workers < 1)
      throw new RangeError(`workers must be a positive integer, got ${workers}`);
    this.workers = workers;
    this.resourceLimits = resourceLimits;
    this.pool = startPiscina(workers, resourceLimits);
  }

  /**
   * Hands the threads over to an engine of `workers` threads with these limits, or null when
   * they were taken or closed already. A mismatch is a RangeError (a caller's bug).
   */
  take(workers: number, resourceLimits?: WorkerResourceLimits): object | null {
    if (workers !== this.workers || !isDeepStrictEqual(resourceLimits ?? {}, this.resourceLimits ?? {})) {
      const [ahead, wanted] = [
        [this.workers, this.resourceLimits],
        [workers, resourceLimits],
      ];
      throw new RangeError(
        `threads started ahead as ${JSON.stringify(ahead)} do not match the engine's ${JSON.stringify(wanted)}`,
      );
    }
    const pool = this.pool;
    this.pool = null;
    return pool;
  }

  /** Ends the threads unless an engine took them over. Safe to call twice. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }
}
