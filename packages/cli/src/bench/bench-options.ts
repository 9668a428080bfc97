/**
 * `shardwise bench` flags → BenchOptions: applies the defaults and validates every value, throwing
 * a UsageError that names the flag. Pure apart from reading the core count for the default
 * `--workers`, which callers may pass in.
 */

import { availableParallelism } from 'node:os';
import {
  ACTIVATIONS,
  DTYPES,
  type DType,
  LOSS_NAMES,
  LOSSES,
  OPTIMIZER_KINDS,
  type OptimizerKind,
  OUTPUT_ACTIVATIONS,
} from '@shardwise/core';
import { type KernelBackend, nativeKernelsUnavailable, wasmKernelsAvailable } from '@shardwise/worker';
import {
  parseAnyInteger,
  parseChoice,
  parseHiddenSizes,
  parseInteger,
  parsePath,
  parsePositiveInteger,
  parsePositiveNumber,
  showRaw,
} from '../commands/flag-parsers.js';
import { KERNEL_CHOICES } from '../commands/flag-specs.js';
import { UsageError } from '../errors.js';
import {
  type KernelAvailability,
  type KernelChoice,
  kernelAvailability,
  resolveKernels,
} from '../model/kernel-choice.js';
import { SCALING_MODES, type ScalingMode } from './bench-types.js';
import {
  CUSTOM_DEFAULTS,
  type CustomArchitecture,
  customWorkload,
  isWorkloadName,
  namedWorkload,
  WORKLOAD_CHOICES,
  WORKLOAD_NAMES,
  type Workload,
  type WorkloadChoice,
} from './workloads.js';

export interface BenchOptions {
  readonly workloads: readonly Workload[];
  /** Ascending, without repeats, always starting with 1 (the baseline of speedup and efficiency). */
  readonly workers: readonly number[];
  /** Kernels to measure; `auto` is resolved per workload (see {@link workloadKernels}). */
  readonly kernels: readonly KernelChoice[];
  readonly mode: ScalingMode;
  /** Measured seconds per point, split over the repetitions (a warm-up comes on top). */
  readonly seconds: number;
  readonly repetitions: number;
  readonly dtype: DType;
  readonly optimizer: OptimizerKind;
  readonly seed: number;
  readonly json: boolean;
  readonly svg?: string;
  readonly csv?: string;
  /** Let --svg and --csv replace existing files. */
  readonly force: boolean;
}

export const MIN_REPETITIONS = 5;
/** More threads than this is a typo, not a benchmark. */
export const MAX_WORKERS = 256;

export const BENCH_DEFAULTS = {
  mode: 'strong' as ScalingMode,
  seconds: 2,
  repetitions: MIN_REPETITIONS,
  dtype: 'f32' as DType,
  optimizer: 'adam' as OptimizerKind,
  seed: 1,
} as const;

/** Architecture flags (camelCase, as yargs gives them) that make the `custom` workload. */
const CUSTOM_FLAGS = ['features', 'hidden', 'classes', 'activation', 'loss', 'outActivation'] as const;

export type BenchArgv = Readonly<Record<string, unknown>>;

const given = (argv: BenchArgv, key: string): boolean => argv[key] !== undefined;
const dashed = (key: string): string => `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** Default `--workers`: 1 up to the number of cores. */
export function defaultWorkerCounts(cores: number): number[] {
  return Array.from({ length: Math.max(1, cores) }, (_, i) => i + 1);
}

/** `1,2,4` → [1, 2, 4] (sorted, repeats dropped); 1 is added as the baseline when missing. */
export function parseWorkerList(flag: string, value: unknown): number[] {
  const parts = String(value)
    .split(',')
    .map((part) => part.trim());
  const counts = parts.map((part) => (/^[0-9]+$/.test(part) ? Number(part) : Number.NaN));
  if (!counts.every((count) => Number.isSafeInteger(count) && count >= 1)) {
    throw new UsageError(
      `--${flag} must be comma-separated positive worker counts (e.g. 1,2,4), got ${showRaw(value)}`,
    );
  }
  const largest = Math.max(...counts);
  if (largest > MAX_WORKERS) {
    throw new UsageError(`--${flag} must be at most ${MAX_WORKERS} workers, got ${largest}`);
  }
  return [...new Set([1, ...counts])].sort((a, b) => a - b);
}

/** `tiny,mnist` → ['tiny', 'mnist'] (in the order given, repeats dropped). */
export function parseWorkloadList(flag: string, value: unknown): WorkloadChoice[] {
  const names = String(value)
    .split(',')
    .map((part) => part.trim());
  const choices = WORKLOAD_CHOICES as readonly string[];
  const unknown = names.find((name) => !choices.includes(name));
  if (unknown !== undefined) {
    throw new UsageError(
      `--${flag} must be a comma-separated list of ${WORKLOAD_CHOICES.join(', ')}, got ${showRaw(value)}`,
    );
  }
  return [...new Set(names)] as WorkloadChoice[];
}

function choiceOf<T extends string>(choices: readonly T[]) {
  return (flag: string, value: unknown): T => parseChoice(flag, value, choices);
}

/**
 * `wasm,ts` → ['wasm', 'ts'] (in the order given, repeats dropped); `auto` stays, resolved per
 * workload by {@link workloadKernels}. Asking for wasm or native where it is not available is a
 * usage error (`nativeMissing` says why native is not, or null).
 */
export function parseKernelList(
  flag: string,
  value: unknown,
  wasmAvailable: boolean,
  nativeMissing: () => string | null = nativeKernelsUnavailable,
): KernelChoice[] {
  const names = String(value)
    .split(',')
    .map((part) => part.trim());
  const choices = KERNEL_CHOICES as readonly string[];
  if (!names.every((name) => choices.includes(name))) {
    throw new UsageError(
      `--${flag} must be a comma-separated list of ${KERNEL_CHOICES.join(', ')}, got ${showRaw(value)}`,
    );
  }
  const missing = names.includes('native') ? nativeMissing() : null;
  if (missing !== null) throw new UsageError(`--${flag} native: ${missing}`);
  if (names.includes('wasm') && !wasmAvailable) {
    throw new UsageError(
      `--${flag} wasm: WebAssembly SIMD is not supported by this Node.js`,
      'use --kernels ts (or auto, which falls back to ts)',
    );
  }
  return [...new Set(names as KernelChoice[])];
}

/**
 * The backends measured for a workload of layer widths `sizes`: each choice resolved as training
 * resolves it (`auto` by `resolveKernels`), in order, repeats dropped.
 */
export function workloadKernels(
  choices: readonly KernelChoice[],
  sizes: readonly number[],
  available: () => KernelAvailability = kernelAvailability,
): KernelBackend[] {
  return [...new Set(choices.map((choice) => resolveKernels(choice, sizes, available, '--kernels')))];
}

/**
 * Converts parsed flags to BenchOptions; `cores` sets the default worker counts and
 * `wasmAvailable` what `--kernels auto` (the default) means.
 */
export function benchOptionsFromArgv(
  argv: BenchArgv,
  cores = availableParallelism(),
  wasmAvailable?: boolean,
): BenchOptions {
  function pick<T, F = T>(key: string, parse: (flag: string, value: unknown) => T, fallback: F): T | F {
    return given(argv, key) ? parse(dashed(key).slice(2), argv[key]) : fallback;
  }

  const customFlags = CUSTOM_FLAGS.filter((key) => given(argv, key));
  const fallbackWorkloads: WorkloadChoice[] = customFlags.length > 0 ? ['custom'] : [...WORKLOAD_NAMES];
  const chosen = pick('workload', parseWorkloadList, fallbackWorkloads);
  if (customFlags.length > 0 && !chosen.includes('custom')) {
    throw new UsageError(
      `${dashed(customFlags[0]!)} describes the custom workload; add custom to --workload (e.g. --workload ${chosen.join(',')},custom) or leave --workload out`,
    );
  }

  const dtype = pick('dtype', choiceOf(DTYPES), BENCH_DEFAULTS.dtype);
  const batchSize = pick('batchSize', parsePositiveInteger, undefined);
  const workloads = chosen.map((name) =>
    isWorkloadName(name)
      ? namedWorkload(name, dtype, batchSize)
      : customWorkload(customArchitecture(), dtype),
  );

  function customArchitecture(): CustomArchitecture {
    const loss = pick('loss', choiceOf(LOSS_NAMES), CUSTOM_DEFAULTS.loss);
    const minimumClasses = LOSSES[loss].minOutputs;
    return {
      features: pick('features', parsePositiveInteger, CUSTOM_DEFAULTS.features),
      hidden: pick('hidden', parseHiddenSizes, CUSTOM_DEFAULTS.hidden),
      classes: pick(
        'classes',
        (flag, value) =>
          parseInteger(
            flag,
            value,
            minimumClasses,
            minimumClasses > 1 ? `an integer >= ${minimumClasses} for --loss ${loss}` : 'a positive integer',
          ),
        CUSTOM_DEFAULTS.classes,
      ),
      activation: pick('activation', choiceOf(ACTIVATIONS), CUSTOM_DEFAULTS.activation),
      loss,
      outActivation: pick('outActivation', choiceOf(OUTPUT_ACTIVATIONS), CUSTOM_DEFAULTS.outActivation),
      batchSize: batchSize ?? CUSTOM_DEFAULTS.batchSize,
    };
  }

  const workers = pick('workers', parseWorkerList, defaultWorkerCounts(cores));
  const kernels = parseKernelList(
    'kernels',
    given(argv, 'kernels') ? argv.kernels : 'auto',
    wasmAvailable ?? wasmKernelsAvailable(),
  );
  const mode = pick('mode', choiceOf(SCALING_MODES), BENCH_DEFAULTS.mode);
  if (mode === 'strong') checkBatchCoversWorkers(workloads, workers, batchSize !== undefined);

  const options: BenchOptions = {
    workloads,
    workers,
    kernels,
    mode,
    seconds: pick('seconds', parsePositiveNumber, BENCH_DEFAULTS.seconds),
    repetitions: pick(
      'repetitions',
      (flag, value) => parseInteger(flag, value, MIN_REPETITIONS, `an integer >= ${MIN_REPETITIONS}`),
      BENCH_DEFAULTS.repetitions,
    ),
    dtype,
    optimizer: pick('optimizer', choiceOf(OPTIMIZER_KINDS), BENCH_DEFAULTS.optimizer),
    seed: pick('seed', parseAnyInteger, BENCH_DEFAULTS.seed),
    json: argv.json === true || argv.json === 'true',
    ...(given(argv, 'svg') ? { svg: parsePath('svg', argv.svg) } : {}),
    ...(given(argv, 'csv') ? { csv: parsePath('csv', argv.csv) } : {}),
    force: argv.force === true || argv.force === 'true',
  };
  if (options.svg !== undefined && options.svg === options.csv) {
    throw new UsageError(`--svg and --csv must be different files, both are ${options.svg}`);
  }
  return options;
}

/** In strong scaling every worker needs at least one row of the fixed global batch. */
function checkBatchCoversWorkers(
  workloads: readonly Workload[],
  workers: readonly number[],
  batchGiven: boolean,
): void {
  const most = workers[workers.length - 1]!;
  for (const workload of workloads) {
    if (workload.batchSize < most) {
      const flag = batchGiven ? '--batch-size' : '--workers';
      throw new UsageError(
        `${flag}: ${most} workers cannot share the ${workload.batchSize}-row batch of ${workload.name} in strong scaling`,
        'every worker needs at least one row: use fewer workers, a larger --batch-size or --mode weak',
      );
    }
  }
}
