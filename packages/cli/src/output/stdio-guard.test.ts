import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeStreamFailure, guardStream } from './stdio-guard.js';

const errno = (code: string) => Object.assign(new Error(`write ${code}`), { code });

/** A stream whose writes fail with `code` after `good` successful ones. */
function failingStream(code: string, good = 0) {
  const received: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (received.length >= good) return done(errno(code));
      received.push(chunk.toString());
      done();
    },
  });
  return { stream, received };
}

const tick = () => new Promise((done) => setImmediate(done));

describe('guardStream', () => {
  it('turns a write error into a recorded failure instead of a crash, and drops later writes', async () => {
    const { stream, received } = failingStream('ENOSPC', 1);
    const health = guardStream(stream);
    let told = 0;
    health.onBroken(() => told++);
    stream.write('kept\n');
    stream.write('lost\n');
    await tick();
    expect(health.failure?.code).toBe('ENOSPC');
    expect(health.readerGone).toBe(false);
    expect(health.broken).toBe(true);
    expect(told).toBe(1);
    // Later writes neither throw nor hang: their callbacks still run.
    await new Promise<void>((done) => stream.write('later\n', () => done()));
    expect(received).toEqual(['kept\n']);
  });

  it('treats EPIPE as the reader having left, not as a failure', async () => {
    const { stream } = failingStream('EPIPE');
    const health = guardStream(stream);
    stream.write('x');
    await tick();
    expect(health.readerGone).toBe(true);
    expect(health.failure).toBeUndefined();
    let told = false;
    health.onBroken(() => {
      told = true;
    });
    expect(told).toBe(true);
  });

  it('catches a write that throws synchronously', () => {
    const stream = new Writable({ write: (_chunk, _encoding, done) => done() });
    stream.write = () => {
      throw errno('EIO');
    };
    const health = guardStream(stream);
    expect(() => stream.write('x')).not.toThrow();
    expect(health.failure?.code).toBe('EIO');
  });

  it('guards a stream once', () => {
    const { stream } = failingStream('EIO');
    expect(guardStream(stream)).toBe(guardStream(stream));
  });

  it('describes failures in words with their code', () => {
    expect(describeStreamFailure('stdout', errno('ENOSPC'))).toBe(
      'cannot write to stdout: no space left on device (ENOSPC)',
    );
    expect(describeStreamFailure('stderr', errno('EWHATEVER'))).toBe(
      'cannot write to stderr: write EWHATEVER (EWHATEVER)',
    );
  });
});
