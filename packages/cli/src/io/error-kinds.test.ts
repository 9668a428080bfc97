// Tests for ../errors.ts, kept here because this work is limited to the io folder.
import { WorkerFailureError as EngineWorkerFailure } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  DataError,
  DivergenceError,
  exitCodeOf,
  ShardwiseError,
  UsageError,
  WorkerFailureError,
} from '../errors.js';

describe('error kinds', () => {
  it('name each kind and map it to its exit code', () => {
    const cases: Array<[ShardwiseError, string, number]> = [
      [new UsageError('bad flag'), 'UsageError', 2],
      [new DataError('bad csv'), 'DataError', 1],
      [new CheckpointError('bad file'), 'CheckpointError', 1],
      [new DivergenceError('loss is NaN'), 'DivergenceError', 1],
      [new WorkerFailureError('worker 2 exited'), 'WorkerFailureError', 1],
    ];
    for (const [error, name, code] of cases) {
      expect(error).toBeInstanceOf(ShardwiseError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(String(error)).toBe(`${name}: ${error.message}`);
      expect(exitCodeOf(error)).toBe(code);
    }
  });

  it("WorkerFailureError wraps the engine's report and reads the failed worker from it", () => {
    const report = new EngineWorkerFailure('worker 2 failed: boom', 2);
    const error = new WorkerFailureError('worker 2 failed: boom (after 2 retries)', { cause: report });
    expect(error.cause).toBe(report);
    expect(error.worker).toBe(2);
    expect(new WorkerFailureError('no report').worker).toBeUndefined();
  });

  it('carry an optional hint and cause', () => {
    expect(new UsageError('bad flag').hint).toBeUndefined();
    expect(new UsageError('bad flag', 'try --help').hint).toBe('try --help');
    const cause = new Error('EACCES');
    const error = new CheckpointError('cannot write', { hint: 'check permissions', cause });
    expect(error.hint).toBe('check permissions');
    expect(error.cause).toBe(cause);
  });

  it('give exit code 1 to anything else', () => {
    expect(exitCodeOf(new TypeError('bug'))).toBe(1);
    expect(exitCodeOf('thrown string')).toBe(1);
  });
});
