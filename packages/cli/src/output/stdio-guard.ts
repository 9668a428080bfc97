/**
 * stdout and stderr are outputs that may fail like any file: the disk is full (`> /dev/full`),
 * the terminal is gone (EIO), the reader of a pipe left (`| head`, EPIPE). Node reports such a
 * failure as an 'error' event, which would crash the process with a stack trace and lose the
 * training run. A guard catches it instead: the stream is marked broken, later writes are dropped
 * (their callbacks still run, so nobody waits forever), and the command carries on; bin.ts then
 * reports the failure in one line on stderr and exits 1 — after the checkpoint was saved. A
 * reader that left (EPIPE) is no error: the command ends quietly.
 */

import type { Writable } from 'node:stream';

/** How a guarded stream has failed, if it has. */
export interface StreamHealth {
  /** The first write error that was not EPIPE (ENOSPC, EIO, …); undefined while none came. */
  readonly failure: NodeJS.ErrnoException | undefined;
  /** Whether the reader went away (EPIPE): nothing written from then on can arrive. */
  readonly readerGone: boolean;
  /** Whether writes are being dropped (a failure, or the reader gone). */
  readonly broken: boolean;
  /** Calls `listener` once when the stream breaks (at once when it already has). */
  onBroken(listener: () => void): void;
}

type WriteCallback = (error?: Error | null) => void;

/** Guards `stream` (once; later calls return the same guard): see the module comment. */
export function guardStream(stream: Writable): StreamHealth {
  const existing = guards.get(stream);
  if (existing !== undefined) return existing;
  const guard = new StreamGuard(stream);
  guards.set(stream, guard);
  return guard;
}

const guards = new WeakMap<Writable, StreamGuard>();

class StreamGuard implements StreamHealth {
  failure: NodeJS.ErrnoException | undefined;
  readerGone = false;
  private readonly listeners: (() => void)[] = [];

  constructor(stream: Writable) {
    stream.on('error', (error: NodeJS.ErrnoException) => this.record(error));
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    // Replaced on this one stream object, so every writer (reporters, yargs' help, console) is covered.
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const done = (typeof encoding === 'function' ? encoding : callback) as WriteCallback | undefined;
      if (this.broken) {
        if (done !== undefined) process.nextTick(done);
        return true;
      }
      try {
        return write(chunk, encoding, callback);
      } catch (error) {
        this.record(error as NodeJS.ErrnoException);
        if (done !== undefined) process.nextTick(done);
        return true;
      }
    }) as Writable['write'];
  }

  get broken(): boolean {
    return this.readerGone || this.failure !== undefined;
  }

  onBroken(listener: () => void): void {
    if (this.broken) listener();
    else this.listeners.push(listener);
  }

  private record(error: NodeJS.ErrnoException): void {
    if (this.broken) return;
    if (error.code === 'EPIPE') this.readerGone = true;
    else this.failure = error;
    for (const listener of this.listeners.splice(0)) listener();
  }
}

/** `cannot write to stdout: no space left on device (ENOSPC)` for the report line. */
export function describeStreamFailure(name: 'stdout' | 'stderr', failure: NodeJS.ErrnoException): string {
  const code = failure.code === undefined ? '' : ` (${failure.code})`;
  const reason = REASONS[failure.code ?? ''] ?? failure.message;
  return `cannot write to ${name}: ${reason}${code}`;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EIO: 'input/output error',
  EBADF: 'it is closed',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
};
