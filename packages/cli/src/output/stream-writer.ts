/**
 * Writes text to a stream chunk by chunk, waiting for 'drain' so a big output is never
 * buffered whole, and stopping quietly when the reader goes away (EPIPE: `| head`).
 */

import type { Writable } from 'node:stream';

export class StreamWriter {
  private closedByReader = false;
  private failure: Error | undefined;
  private readonly onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') this.closedByReader = true;
    else this.failure = error;
  };

  constructor(private readonly stream: Writable) {
    stream.on('error', this.onError);
  }

  /** False once the reader has gone; further writes are dropped. Other write errors throw. */
  get open(): boolean {
    return !this.closedByReader;
  }

  async write(text: string): Promise<boolean> {
    this.throwIfFailed();
    if (this.closedByReader || text.length === 0) return this.open;
    if (!this.stream.write(text)) await this.drained();
    this.throwIfFailed();
    return this.open;
  }

  /** Waits until everything written so far has been handed to the OS, then detaches. */
  async end(): Promise<void> {
    if (!this.closedByReader && !this.stream.destroyed) {
      await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
    }
    this.stream.off('error', this.onError);
    this.throwIfFailed();
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
