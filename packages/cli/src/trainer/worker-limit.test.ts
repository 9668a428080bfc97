import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { checkWorkerCount, MAX_WORKERS_PER_CORE, maxWorkers } from './worker-limit.js';

describe('checkWorkerCount', () => {
  it.each([1, 2, 4])('allows up to %i cores × the per-core limit', (cores) => {
    expect(maxWorkers(cores)).toBe(cores * MAX_WORKERS_PER_CORE);
    expect(() => checkWorkerCount(cores * MAX_WORKERS_PER_CORE, undefined, cores)).not.toThrow();
    const error = (() => {
      try {
        checkWorkerCount(cores * MAX_WORKERS_PER_CORE + 1, undefined, cores);
      } catch (thrown) {
        return thrown as UsageError;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error!.message).toContain(`--workers ${cores * MAX_WORKERS_PER_CORE + 1}`);
    expect(error!.message).toContain(`at most ${cores * MAX_WORKERS_PER_CORE}`);
  });

  it('names the checkpoint a saved count came from, and how to resume anyway', () => {
    expect(() => checkWorkerCount(100_000, 'm.safetensors', 2)).toThrow(
      /m\.safetensors was saved with 100000 workers, more than 8 per core/,
    );
    try {
      checkWorkerCount(100_000, 'm.safetensors', 2);
    } catch (error) {
      expect((error as UsageError).hint).toMatch(/--workers 2/);
    }
  });
});
