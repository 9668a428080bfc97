import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import {
  BENCH_DEFAULTS,
  benchOptionsFromArgv,
  defaultWorkerCounts,
  parseKernelList,
  parseWorkerList,
  parseWorkloadList,
  workloadKernels,
} from './bench-options.js';

/** The UsageError thrown for `argv`, checked to name `flag` on one line. */
function usageErrorFor(argv: Record<string, unknown>, flag: string): UsageError {
  let caught: unknown;
  try {
    benchOptionsFromArgv(argv, 2, true);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UsageError);
  const error = caught as UsageError;
  expect(error.message).toContain(flag);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('benchOptionsFromArgv defaults', () => {
  it('measures the four named workloads on 1 up to the cores, strong scaling, f32', () => {
    const options = benchOptionsFromArgv({}, 4, true);
    expect(options.workloads.map((w) => w.name)).toEqual(['tiny', 'mnist', 'deep', 'mse']);
    expect(options.workers).toEqual([1, 2, 3, 4]);
    expect(options.kernels).toEqual(['auto']);
    expect(options).toMatchObject({
      mode: 'strong',
      seconds: BENCH_DEFAULTS.seconds,
      repetitions: 5,
      dtype: 'f32',
      optimizer: 'adam',
      seed: 1,
      json: false,
    });
    expect(options.svg).toBeUndefined();
    expect(options.csv).toBeUndefined();
  });

  it('defines the named workloads as the issue does', () => {
    const byName = Object.fromEntries(benchOptionsFromArgv({}, 1).workloads.map((w) => [w.name, w]));
    expect(byName.tiny).toEqual({
      name: 'tiny',
      batchSize: 64,
      mlp: { sizes: [2, 16, 3], activation: 'sigmoid', loss: 'ce', outActivation: 'identity', dtype: 'f32' },
    });
    expect(byName.mnist!.mlp).toMatchObject({ sizes: [784, 256, 10], activation: 'relu', loss: 'ce' });
    expect(byName.mnist!.batchSize).toBe(256);
    expect(byName.deep!.mlp).toMatchObject({ sizes: [256, 512, 512, 10], activation: 'tanh', loss: 'ce' });
    expect(byName.deep!.batchSize).toBe(512);
    expect(byName.mse!.mlp).toMatchObject({
      sizes: [64, 128, 8],
      activation: 'tanh',
      loss: 'mse',
      outActivation: 'tanh',
    });
    expect(byName.mse!.batchSize).toBe(128);
  });

  it('takes every flag as the text typed', () => {
    const options = benchOptionsFromArgv(
      {
        workload: 'mnist,tiny',
        workers: '4,2',
        mode: 'weak',
        seconds: '0.5',
        repetitions: '7',
        dtype: 'f64',
        optimizer: 'sgd',
        seed: '9',
        batchSize: '32',
        json: true,
        svg: 'plot.svg',
        csv: 'out.csv',
      },
      2,
    );
    expect(options.workloads.map((w) => [w.name, w.batchSize, w.mlp.dtype])).toEqual([
      ['mnist', 32, 'f64'],
      ['tiny', 32, 'f64'],
    ]);
    expect(options).toMatchObject({
      workers: [1, 2, 4],
      mode: 'weak',
      seconds: 0.5,
      repetitions: 7,
      optimizer: 'sgd',
      seed: 9,
      json: true,
      svg: 'plot.svg',
      csv: 'out.csv',
    });
  });
});

describe('the custom workload', () => {
  it('is built from the architecture flags and is the only workload by default', () => {
    const options = benchOptionsFromArgv(
      { hidden: '128,64', features: '20', classes: '5', activation: 'tanh' },
      2,
    );
    expect(options.workloads).toEqual([
      {
        name: 'custom',
        batchSize: 128,
        mlp: {
          sizes: [20, 128, 64, 5],
          activation: 'tanh',
          loss: 'ce',
          outActivation: 'identity',
          dtype: 'f32',
        },
      },
    ]);
  });

  it('can run beside named workloads when --workload lists custom', () => {
    const options = benchOptionsFromArgv(
      { workload: 'tiny,custom', loss: 'mse', classes: '1', batchSize: '16' },
      2,
    );
    expect(options.workloads.map((w) => w.name)).toEqual(['tiny', 'custom']);
    expect(options.workloads[1]!.mlp.sizes).toEqual([32, 64, 1]);
    expect(options.workloads[1]!.batchSize).toBe(16);
  });

  it('rejects architecture flags for named workloads only', () => {
    usageErrorFor({ workload: 'mnist', hidden: '64' }, '--hidden');
    usageErrorFor({ workload: 'tiny', outActivation: 'tanh' }, '--out-activation');
  });

  it('needs two classes for cross-entropy', () => {
    usageErrorFor({ classes: '1' }, '--classes');
  });
});

describe('flag errors name the flag', () => {
  it.each([
    [{ workload: 'mnist,bogus' }, '--workload'],
    [{ workers: '1,two' }, '--workers'],
    [{ workers: '0' }, '--workers'],
    [{ workers: '100000' }, '--workers'],
    [{ mode: 'sideways' }, '--mode'],
    [{ seconds: '0' }, '--seconds'],
    [{ seconds: 'soon' }, '--seconds'],
    [{ repetitions: '4' }, '--repetitions'],
    [{ repetitions: '5.5' }, '--repetitions'],
    [{ dtype: 'f16' }, '--dtype'],
    [{ optimizer: 'lbfgs' }, '--optimizer'],
    [{ seed: 'x' }, '--seed'],
    [{ batchSize: '-3' }, '--batch-size'],
    [{ hidden: '64,,64' }, '--hidden'],
    [{ features: '0' }, '--features'],
    [{ activation: 'softplus' }, '--activation'],
    [{ loss: 'hinge' }, '--loss'],
    [{ svg: '' }, '--svg'],
    [{ kernels: 'gpu' }, '--kernels'],
  ])('%o', (argv, flag) => {
    usageErrorFor(argv, flag);
  });

  it('strong scaling needs a row per worker', () => {
    usageErrorFor({ workload: 'tiny', workers: '128' }, '--workers');
    usageErrorFor({ workload: 'tiny', workers: '1,2', batchSize: '1' }, '--batch-size');
    expect(benchOptionsFromArgv({ workload: 'tiny', workers: '128', mode: 'weak' }, 2).workers).toEqual([
      1, 128,
    ]);
  });

  it('one file cannot be both outputs', () => {
    usageErrorFor({ svg: 'a.out', csv: 'a.out' }, '--svg');
  });
});

describe('list parsers', () => {
  it('sorts worker counts, drops repeats and always includes the 1-worker baseline', () => {
    expect(parseWorkerList('workers', '4, 2,2')).toEqual([1, 2, 4]);
    expect(parseWorkerList('workers', '1')).toEqual([1]);
  });

  it('keeps auto for each workload to resolve, drops repeats, and refuses wasm where it is not available', () => {
    expect(parseKernelList('kernels', 'auto', true)).toEqual(['auto']);
    expect(parseKernelList('kernels', 'ts,auto,wasm,ts', true)).toEqual(['ts', 'auto', 'wasm']);
    expect(() => parseKernelList('kernels', 'wasm', false)).toThrow(/--kernels wasm/);
    expect(() => parseKernelList('kernels', 'gpu', true)).toThrow(UsageError);
  });

  it('takes native where the addon loads, and refuses it with the reason where not', () => {
    const loads = () => null;
    const missing = () => 'the native kernels are not built: apt-get install libopenblas-dev';
    expect(parseKernelList('kernels', 'native,wasm,auto', true, loads)).toEqual(['native', 'wasm', 'auto']);
    expect(parseKernelList('kernels', 'auto', true, missing)).toEqual(['auto']);
    expect(() => parseKernelList('kernels', 'wasm,native', true, missing)).toThrow(
      '--kernels native: the native kernels are not built: apt-get install libopenblas-dev',
    );
  });

  it('resolves auto per workload as training does: native for large layers where it loads', () => {
    const native = () => ({ wasm: true, nativeMissing: null });
    const noNative = () => ({ wasm: true, nativeMissing: 'not built' });
    const noSimd = () => ({ wasm: false, nativeMissing: 'not built' });
    const mnist = [784, 256, 10];
    const tiny = [2, 16, 3];
    expect(workloadKernels(['auto'], mnist, native)).toEqual(['native']);
    expect(workloadKernels(['auto'], tiny, native)).toEqual(['wasm']);
    expect(workloadKernels(['auto', 'native', 'wasm'], mnist, native)).toEqual(['native', 'wasm']);
    expect(workloadKernels(['auto'], mnist, noNative)).toEqual(['wasm']);
    expect(workloadKernels(['ts', 'auto'], mnist, noSimd)).toEqual(['ts']);
  });

  it('keeps workloads in the order given', () => {
    expect(parseWorkloadList('workload', 'mse,tiny,mse')).toEqual(['mse', 'tiny']);
  });

  it('defaults to 1 up to the cores', () => {
    expect(defaultWorkerCounts(2)).toEqual([1, 2]);
    expect(defaultWorkerCounts(0)).toEqual([1]);
  });
});
