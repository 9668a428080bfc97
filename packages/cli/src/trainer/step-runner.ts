// Runs an epoch's steps on the engine: in chunks that keep onStep prompt, replacing failed worker threads up to maxRetries.

import { type DataParallelEngine, WorkerFailureError as EngineFailure } from '@shardwise/worker';
import { WorkerFailureError } from '../errors.js';
import type { EpochAccumulator } from './epoch-accumulator.js';

// With onStep callbacks, steps run in chunks of about this long: callbacks arrive promptly while
// the threads still run many steps per wake-up of the main thread (each chunk is a start and stop
// of the workers). As often as the CLI's live bar redraws (REDRAW_INTERVAL_MS), no more.
const CHUNK_SECONDS = 0.1;

/** What a StepRunner needs to know about its run. */
export interface StepRunnerSettings {
  /** Worker failures to recover from before giving up. */
  readonly maxRetries: number;
  /** The run's checkpoint path, named in the final error as intact. */
  readonly out: string | undefined;
  /** True when steps are reported one by one (onStep): run them in short chunks. */
  readonly chunked: boolean;
  /** Told about each recovered worker failure. */
  readonly onRetry: (message: string) => void;
}

/** Runs steps on one engine, adapting the chunk length and counting retries across the run. */
export class StepRunner {
  private chunk = 1;
  private retries = 0;

  constructor(
    private readonly engine: DataParallelEngine,
    private readonly settings: StepRunnerSettings,
  ) {}

  /**
   * Runs one chunk of the epoch's steps from `epoch.step` towards `end` and adds its time to
   * `epoch.trainSeconds`; resolves with the steps committed (fewer after a stop or a recovered
   * failure). `epochNumber` (1-based) places a failure in messages.
   */
  async runChunk(epoch: EpochAccumulator, end: number, epochNumber: number): Promise<number> {
    const first = epoch.step;
    const last = this.settings.chunked ? Math.min(end, first + this.chunk) : end;
    const started = performance.now();
    const committedBefore = this.engine.globalStep;
    let done: number;
    try {
      done = await this.engine.run(first, last);
    } catch (error) {
      if (!(error instanceof EngineFailure)) throw error;
      // Steps before the failed one were committed; the failed one changed nothing.
      done = this.engine.globalStep - committedBefore;
      await this.recoverFrom(error, `epoch ${epochNumber}, step ${first + done + 1}`);
    }
    const seconds = (performance.now() - started) / 1000;
    epoch.trainSeconds += seconds;
    this.chunk =
      seconds < CHUNK_SECONDS / 2
        ? this.chunk * 2
        : seconds > CHUNK_SECONDS * 2
          ? Math.max(1, this.chunk >> 1)
          : this.chunk;
    return done;
  }

  /** Replaces the worker threads after a failure at `where`, or gives up once `maxRetries` are spent. */
  private async recoverFrom(error: InstanceType<typeof EngineFailure>, where: string): Promise<void> {
    const { maxRetries, out } = this.settings;
    if (this.retries >= maxRetries) {
      const hints = [
        out && `the last checkpoint at ${out} is intact`,
        error.stepTimeout !== undefined &&
          `if its steps are legitimately this slow, raise the step timeout (--step-timeout, now ${error.stepTimeout} s)`,
      ].filter((hint) => typeof hint === 'string');
      throw new WorkerFailureError(`${error.message} (at ${where}, after ${this.retries} retries)`, {
        cause: error,
        ...(hints.length > 0 && { hint: hints.join('; ') }),
      });
    }
    this.retries++;
    this.settings.onRetry(
      `${error.message}; retrying ${where} with new threads (${this.retries}/${maxRetries})`,
    );
    await this.engine.restart();
  }
}
