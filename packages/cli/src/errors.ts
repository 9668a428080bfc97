/**
 * The error kinds the CLI reports to users. Each carries a one-line message, an optional
 * `hint` (printed as a second line) and the process exit code the CLI should use.
 */

export interface ShardwiseErrorOptions {
  /** A second line suggesting what to do about it. */
  hint?: string;
  cause?: unknown;
}

/** Base class of every error that is the user's to fix rather than a bug. */
export abstract class ShardwiseError extends Error {
  abstract readonly exitCode: number;
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
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** Bad data files or arrays (CSV problems, mismatched shapes). */
export class DataError extends ShardwiseError {
  override readonly name = 'DataError';
  readonly exitCode = 1;
}

/** A checkpoint that cannot be read or written, is corrupt, or does not match the model. */
export class CheckpointError extends ShardwiseError {
  override readonly name = 'CheckpointError';
  readonly exitCode = 1;
}

/** Training diverged: the loss became NaN or infinite. */
export class DivergenceError extends ShardwiseError {
  override readonly name = 'DivergenceError';
  readonly exitCode = 1;
}

/** A worker thread crashed or reported a failure. */
export class WorkerFailureError extends ShardwiseError {
  override readonly name = 'WorkerFailureError';
  readonly exitCode = 1;
}

/** The process exit code for `error`: the kind's code for a ShardwiseError, 1 for anything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof ShardwiseError ? error.exitCode : 1;
}
