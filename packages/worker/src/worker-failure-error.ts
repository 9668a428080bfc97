/** A worker thread threw or died during a step; the step was not applied. */
export class WorkerFailureError extends Error {
  /** Always `'WorkerFailureError'`. */
  override readonly name = 'WorkerFailureError';
  constructor(
    message: string,
    /** Index of the worker that failed first. */
    readonly worker: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
