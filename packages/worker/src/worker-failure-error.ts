/** A worker thread threw, died or hung (see the engine's `stepTimeout`) during a step; the step was not applied. */
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
