import { WorkerFailureError as EngineWorkerFailure } from '@shardwise/worker';

/**
 * The error kinds the CLI reports to users. Each carries a one-line message, an optional
 * `hint` (printed as a second line) and the process exit code the CLI should use.
 */

/** The second constructor argument of every {@link ShardwiseError} when given as an object. */
export interface ShardwiseErrorOptions {
  /** A second line suggesting what to do about it. */
  hint?: string;
  /** The underlying error, kept as the standard `Error.cause`. */
  cause?: unknown;
}

/** Base class of every error that is the user's to fix rather than a bug. */
export abstract class ShardwiseError extends Error {
  /** The process exit code the CLI uses for this kind of error (2 for usage errors, else 1). */
  abstract readonly exitCode: number;
  /** A suggestion of what to do about it (the CLI prints it as a second line); absent when there is none. */
  readonly hint?: string;

  /** `hintOrOptions` may be the hint itself, or `{ hint, cause }`. */
  constructor(message: string, hintOrOptions?: string | ShardwiseErrorOptions) {
    const options = typeof hintOrOptions === 'string' ? { hint: hintOrOptions } : (hintOrOptions ?? {});
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

/** Bad command-line flags or library options. */
export class UsageError extends ShardwiseError {
  /** Always `'UsageError'`, so the kind survives where `instanceof` does not (e.g. across threads). */
  override readonly name = 'UsageError';
  /** Exit code 2, as for any command-line usage mistake. */
  readonly exitCode = 2;
}

/** Bad data files or arrays (CSV problems, mismatched shapes). */
export class DataError extends ShardwiseError {
  /** Always `'DataError'`, so the kind survives where `instanceof` does not (e.g. across threads). */
  override readonly name = 'DataError';
  /** Exit code 1. */
  readonly exitCode = 1;
}

/** A checkpoint that cannot be read or written, is corrupt, or does not match the model. */
export class CheckpointError extends ShardwiseError {
  /** Always `'CheckpointError'`, so the kind survives where `instanceof` does not (e.g. across threads). */
  override readonly name = 'CheckpointError';
  /** Exit code 1. */
  readonly exitCode = 1;
}

/** Training diverged: the loss became NaN or infinite. */
export class DivergenceError extends ShardwiseError {
  /** Always `'DivergenceError'`, so the kind survives where `instanceof` does not (e.g. across threads). */
  override readonly name = 'DivergenceError';
  /** Exit code 1. */
  readonly exitCode = 1;
}

/**
 * A worker thread crashed or reported a failure and the run gave up (its retries spent). The
 * user-facing kind deliberately wraps the engine's own report, `@shardwise/worker`'s
 * `WorkerFailureError`, which stays its `cause`; {@link WorkerFailureError.worker} reads from it.
 */
export class WorkerFailureError extends ShardwiseError {
  /** Always `'WorkerFailureError'`, so the kind survives where `instanceof` does not (e.g. across threads). */
  override readonly name = 'WorkerFailureError';
  /** Exit code 1. */
  readonly exitCode = 1;

  /** Index of the worker thread that failed first, from the engine's report; undefined without one. */
  get worker(): number | undefined {
    return this.cause instanceof EngineWorkerFailure ? this.cause.worker : undefined;
  }
}

/** The process exit code for `error`: the kind's code for a ShardwiseError, 1 for anything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof ShardwiseError ? error.exitCode : 1;
}
