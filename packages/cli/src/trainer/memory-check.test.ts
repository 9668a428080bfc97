import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../errors.js';
import { checkRunFitsMemory, formatBytes, type MemoryDrivers } from './memory-check.js';
import type { MemoryEstimate, RunSizes } from './memory-estimate.js';

const GiB = 2 ** 30;
const DRIVERS: MemoryDrivers = {
  data: { label: 'big.csv', hint: 'fewer rows', fromData: true },
  model: { label: '--hidden 16000,16000', hint: 'smaller --hidden', fromData: false },
  workers: { label: '--workers 64', hint: 'fewer --workers', fromData: false },
};
const SIZES = { rows: 1000, features: 10, outputs: 2 } as RunSizes;

function estimate(data: number, model: number, workers: number, largestArray = 100): MemoryEstimate {
  return { data, model, workers, shared: 0, total: data + model + workers, largestArray };
}

function errorOf(run: () => void): Error | undefined {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

describe('checkRunFitsMemory', () => {
  const machine = { total: 16 * GiB, available: 10 * GiB };

  it('passes a run that fits in the free memory', () => {
    expect(
      errorOf(() => checkRunFitsMemory(estimate(1 * GiB, 8 * GiB, 0.5 * GiB), SIZES, DRIVERS, 0, machine)),
    ).toBe(undefined);
  });

  it('names the largest part, the estimate and the machine', () => {
    const error = errorOf(() =>
      checkRunFitsMemory(estimate(1 * GiB, 12 * GiB, 1 * GiB), SIZES, DRIVERS, 0, machine),
    );
    expect(error).toBeInstanceOf(UsageError);
    expect(error!.message).toBe(
      '--hidden 16000,16000 makes the run need about 14.0 GiB of memory (data 1.0 GiB, model 12.0 GiB, workers 1.0 GiB), more than the 10.0 GiB free (of 16.0 GiB)',
    );
    const byWorkers = errorOf(() =>
      checkRunFitsMemory(estimate(0, 1 * GiB, 11 * GiB), SIZES, DRIVERS, 0, machine),
    );
    expect(byWorkers!.message).toMatch(/^--workers 64 makes/);
  });

  it('reports data that is too large as a DataError naming the file', () => {
    const error = errorOf(() => checkRunFitsMemory(estimate(11 * GiB, 0, 0), SIZES, DRIVERS, 0, machine));
    expect(error).toBeInstanceOf(DataError);
    expect(error!.message).toMatch(/^big\.csv makes the run need/);
  });

  it('counts memory already held (loaded rows) as no longer needed', () => {
    expect(
      errorOf(() => checkRunFitsMemory(estimate(4 * GiB, 7 * GiB, 0), SIZES, DRIVERS, 4 * GiB, machine)),
    ).toBe(undefined);
  });

  it('refuses an array longer than V8 allows, whatever the memory', () => {
    const huge = { total: 2 ** 50, available: 2 ** 50 };
    const error = errorOf(() => checkRunFitsMemory(estimate(1, 1, 1, 2 ** 33), SIZES, DRIVERS, 0, huge));
    expect(error!.message).toMatch(/^--hidden 16000,16000 needs an array of 8\.59e\+9 values/);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(1.5 * GiB)).toBe('1.5 GiB');
    expect(formatBytes(12 * 2 ** 20)).toBe('12 MiB');
    expect(formatBytes(3 * 2 ** 40)).toBe('3.0 TiB');
  });
});
