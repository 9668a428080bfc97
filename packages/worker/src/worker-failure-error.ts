/**
 * The engine's report that a worker thread threw, died or hung (see the engine's `stepTimeout`) during a step; the step was not applied.
 * The shardwise trainer restarts the threads and retries, and when its retries are spent throws
 * its user-facing `WorkerFailureError` (a `ShardwiseError`) with this report as the `cause`.
 */
export class WorkerFailureError extends Error {
  /** Always `'WorkerFailureError'`. */
  override readonly name = 'WorkerFailureError';
  /** For a worker that hung: the step timeout (seconds) it went past; undefined for a crash. */
  readonly stepTimeout: number | undefined;
  constructor(
    message: string,
    /** Index of the worker that failed first. */
    readonly worker: number,
    options?: { cause?: unknown; stepTimeout?: number },
  ) {
    super(message, options);
    this.stepTimeout = options?.stepTimeout;
  }
}
