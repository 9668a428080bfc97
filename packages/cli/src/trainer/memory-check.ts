/**
 * The check Trainer.create makes before allocating a run: the estimated memory must fit in what
 * the machine has free, and no array may exceed what V8 can allocate. A failure names the option
 * that drives the largest part, with the estimate and the machine's figures, as one line.
 */

import { type DType, type OptimizerKind, validationRowCount } from '@shardwise/core';
import type { KernelBackend } from '@shardwise/worker';
import { DataError, UsageError } from '../errors.js';
import { type MachineMemory, machineMemory } from './machine-memory.js';
import { estimateRunMemory, type MemoryEstimate, type RunSizes } from './memory-estimate.js';
import type { ResolvedTrainOptions } from './resolve-options.js';

/** Most elements of one typed array in V8 (Node.js 20–24): 2^32. */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

/** What drives one part of the estimate: how to name it, and what to suggest. */
export interface MemoryDriver {
  /** The option as the user gave it, e.g. `--hidden 16000,16000`. */
  readonly label: string;
  /** What to do about it. */
  readonly hint: string;
  /** Whether the part comes from the data file or arrays (DataError) or from options (UsageError). */
  readonly fromData: boolean;
}

/** The driver of each part of the estimate. */
export interface MemoryDrivers {
  readonly data: MemoryDriver;
  readonly model: MemoryDriver;
  readonly workers: MemoryDriver;
}

/** Bytes as `1.5 GiB` or `12 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 40) return `${(bytes / 2 ** 40).toFixed(1)} TiB`;
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return `${Math.max(1, Math.round(bytes / 2 ** 20))} MiB`;
}

/**
 * Throws (UsageError, or DataError when the data itself is the largest part) when the run cannot
 * fit: an array longer than V8 allows, or an estimate above the free memory. `held` is what the
 * process already holds of the estimate (the loaded rows), which is no longer free.
 */
export function checkRunFitsMemory(
  estimate: MemoryEstimate,
  sizes: RunSizes,
  drivers: MemoryDrivers,
  held = 0,
  machine: MachineMemory = machineMemory(),
): void {
  const modelArray = estimate.largestArray > sizes.rows * Math.max(sizes.features, sizes.outputs);
  if (estimate.largestArray > MAX_TYPED_ARRAY_LENGTH) {
    const driver = modelArray ? drivers.model : drivers.data;
    fail(
      driver,
      `${driver.label} needs an array of ${estimate.largestArray.toExponential(2)} values, more than the 2^32 a JavaScript typed array can hold`,
    );
  }
  const needed = estimate.total - held;
  if (needed <= machine.available) return;
  const parts = [
    ['data', estimate.data],
    ['model', estimate.model],
    ['workers', estimate.workers],
  ] as const;
  const driver = largestDriver(estimate, drivers);
  const breakdown = parts.map(([name, bytes]) => `${name} ${formatBytes(bytes)}`).join(', ');
  const machineText =
    machine.available < machine.total
      ? `the ${formatBytes(machine.available)} free (of ${formatBytes(machine.total)})`
      : `the ${formatBytes(machine.total)} this machine has`;
  fail(
    driver,
    `${driver.label} makes the run need about ${formatBytes(estimate.total)} of memory (${breakdown}), more than ${machineText}`,
  );
}

function fail(driver: MemoryDriver, message: string): never {
  throw driver.fromData ? new DataError(message, driver.hint) : new UsageError(message, driver.hint);
}

/** The drivers of a run with options `o` and layer widths `sizes`, for messages. */
export function memoryDriversOf(
  o: ResolvedTrainOptions,
  sizes: readonly number[],
  workers: number,
  checkpoint: string | undefined,
): MemoryDrivers {
  const csv = typeof o.data === 'string' ? o.data : undefined;
  const synthetic = o.data === undefined;
  const data: MemoryDriver = synthetic
    ? {
        label: `--samples ${o.samples}${o.features === undefined ? '' : ` with --features ${o.features}`}`,
        hint: `use fewer --samples${o.features === undefined ? '' : ' or --features'}`,
        fromData: false,
      }
    : {
        label: csv ?? 'the arrays given as data',
        hint: 'train on fewer rows or columns, or on a machine with more memory',
        fromData: true,
      };
  // The model is as large as its largest weight matrix: say which width makes it so.
  let widest = 0;
  for (let l = 1; l < sizes.length - 1; l++) widest = Math.max(widest, sizes[l]!);
  const inputs = sizes[0]!;
  const outputs = sizes[sizes.length - 1]!;
  const model: MemoryDriver =
    checkpoint !== undefined
      ? {
          label: `the model of ${checkpoint} (${sizes.join('-')})`,
          hint: 'train it on a machine with more memory',
          fromData: false,
        }
      : inputs > widest && inputs >= outputs
        ? {
            label: synthetic
              ? `--features ${inputs}`
              : `the ${inputs} feature columns of ${csv ?? 'the arrays'}`,
            hint: synthetic ? 'use fewer --features' : 'use fewer feature columns',
            fromData: !synthetic,
          }
        : outputs > widest
          ? {
              label: `${outputs} outputs (the largest label, or --classes)`,
              hint: 'labels must be class indices 0…K−1',
              fromData: !synthetic,
            }
          : {
              label: `--hidden ${o.hidden.join(',')}`,
              hint: `use smaller --hidden layers${o.dtype === 'f64' ? ', or --dtype f32' : ''}`,
              fromData: false,
            };
  return {
    data,
    model,
    workers: { label: `--workers ${workers}`, hint: 'use fewer --workers', fromData: false },
  };
}

/** What Trainer.create knows of a run before allocating it. */
export interface PlannedRun {
  /** The resolved options. */
  readonly options: ResolvedTrainOptions;
  /** The data's sizes (from the generator's shape, or the loaded rows). */
  readonly data: {
    readonly rows: number;
    readonly features: number;
    readonly outputs: number;
    readonly labels: boolean;
  };
  /** Layer widths: the checkpoint's, or features, hidden, outputs. */
  readonly sizes: readonly number[];
  /** Float type of the run. */
  readonly dtype: DType;
  /** The optimizer kind (from the checkpoint when resuming). */
  readonly optimizer: OptimizerKind;
  /** Worker threads and their kernels, as resolved. */
  readonly workers: number;
  /** Logical shards of a batch (default: one per worker). */
  readonly shards?: number;
  readonly kernels: KernelBackend;
  /** The checkpoint the model comes from, if any. */
  readonly checkpoint: string | undefined;
}

/** Estimates `run` and throws when it cannot fit (see checkRunFitsMemory); `held`: bytes already loaded. */
export function checkPlannedRun(run: PlannedRun, held = 0): void {
  const { options: o, data } = run;
  const sizes: RunSizes = {
    rows: data.rows,
    validationRows: validationRowCount(data.rows, o.valSplit),
    features: data.features,
    outputs: data.outputs,
    hasLabels: data.labels,
    // Memory does not depend on the loss or activations: any valid ones do for the estimate.
    config: {
      sizes: run.sizes,
      activation: 'relu',
      loss: 'mse',
      outActivation: 'identity',
      dtype: run.dtype,
    },
    optimizer: run.optimizer,
    workers: run.workers,
    ...(run.shards !== undefined && { shards: run.shards }),
    kernels: run.kernels,
    batchSize: o.batchSize,
    dropout:
      typeof o.dropout === 'number' ? run.sizes.slice(1, -1).map(() => o.dropout as number) : o.dropout,
  };
  if (sizes.validationRows >= sizes.rows) return; // the split's own check reports this
  const estimate = estimateRunMemory(sizes);
  const drivers = memoryDriversOf(o, run.sizes, run.workers, run.checkpoint);
  checkRunFitsMemory(estimate, sizes, drivers, held);
  if (run.kernels !== 'ts' && estimate.shared > MAX_WASM_MEMORY_BYTES) {
    // The TypeScript kernels have no such limit; suggest them only where that run fits too.
    const typescript = estimateRunMemory({ ...sizes, kernels: 'ts' });
    const fits = typescript.total - held <= machineMemory().available;
    const driver = largestDriver(estimate, drivers);
    fail(
      {
        ...driver,
        hint: fits
          ? `--kernels ts has no such limit (about ${formatBytes(typescript.total)} in all), or ${driver.hint}`
          : driver.hint,
      },
      `${driver.label} makes the run need ${formatBytes(estimate.shared)} of shared memory, more than the 4 GiB WebAssembly can address`,
    );
  }
}

/** 4 GiB: the most a (wasm32) WebAssembly memory can hold. */
const MAX_WASM_MEMORY_BYTES = 2 ** 32;

/** The driver of the largest part of `estimate`. */
function largestDriver(estimate: MemoryEstimate, drivers: MemoryDrivers): MemoryDriver {
  const parts = [
    ['data', estimate.data],
    ['model', estimate.model],
    ['workers', estimate.workers],
  ] as const;
  return drivers[[...parts].sort((a, b) => b[1] - a[1])[0]![0]];
}
