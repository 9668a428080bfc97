/**
 * The body of `shardwise bench`: for each workload, generate its data and initial weights once,
 * measure every worker count (1 first: the baseline), and report each point as it is measured —
 * a table, or JSON lines — then write the SVG plot and the CSV file when asked. Under MPI
 * (`ranks`) every rank measures the same points together, as ranks × workers, and rank 0 alone
 * reports and writes files.
 */

import type { Writable } from 'node:stream';
import type { OptimizerConfig } from '@shardwise/core';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { checkOutputTarget, OutputRefusal } from '../io/output-target.js';
import type { StreamHealth } from '../output/stdio-guard.js';
import { type BenchOptions, workloadKernels } from './bench-options.js';
import { type BenchRanks, formatLayout } from './bench-ranks.js';
import type { BenchPoint, BenchSettings, MachineInfo } from './bench-types.js';
import { formatCsv } from './format-csv.js';
import { machineRecord, resultRecord } from './format-json.js';
import { formatSvg } from './format-svg.js';
import { formatTableHeader, formatTableRow } from './format-table.js';
import { machineInfo } from './machine.js';
import { measurePoint } from './measure-point.js';
import { createProgress } from './progress.js';
import { scaling, summarize } from './stats.js';
import { describeModel, initialParameters, type Workload, workloadData } from './workloads.js';

export interface BenchIO {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Whether stdout still reaches anyone; once it does not, and no file is to be written, measuring stops. */
  readonly stdoutHealth?: StreamHealth;
}

/** Bytes of features generated per workload (and copied once into the engine's shared memory). */
const DATA_BYTES = 32 * 2 ** 20;
const MIN_EPOCH_STEPS = 4;
const MAX_EPOCH_STEPS = 256;

/** Steps in the data's epoch: as many as fit DATA_BYTES at the largest global batch, within [4, 256]. */
export function epochSteps(workload: Workload, largestGlobalBatch: number): number {
  const bytes = workload.mlp.dtype === 'f32' ? 4 : 8;
  const perStep = largestGlobalBatch * workload.mlp.sizes[0]! * bytes;
  return Math.min(MAX_EPOCH_STEPS, Math.max(MIN_EPOCH_STEPS, Math.floor(DATA_BYTES / perStep)));
}

export function globalBatchOf(
  options: Pick<BenchOptions, 'mode'>,
  batchSize: number,
  workers: number,
): number {
  return options.mode === 'weak' ? batchSize * workers : batchSize;
}

/** The optimizer every point trains with: a small learning rate keeps long runs finite. */
export function benchOptimizer(kind: BenchOptions['optimizer']): OptimizerConfig {
  return { kind, lr: kind === 'adam' ? 1e-3 : 1e-2 };
}

/**
 * The output rule for --svg and --csv (io/output-target.ts): bench recognises no file as its own,
 * so any existing non-empty file needs --force; devices, FIFOs, sockets, directories and the
 * other output file are refused even then. Called before any measuring and again when writing.
 */
async function checkOutputFile(flag: 'svg' | 'csv', options: BenchOptions): Promise<void> {
  const path = options[flag]!;
  const other = flag === 'svg' ? 'csv' : 'svg';
  const otherPath = options[other];
  try {
    await checkOutputTarget(path, {
      label: `--${flag}`,
      forceName: '--force',
      what: 'empty',
      force: options.force,
      inputs: otherPath === undefined ? [] : [{ label: `the --${other} file`, path: otherPath }],
      isOurs: async () => false,
    });
  } catch (error) {
    throw benchFileError(flag, path, error);
  }
}

async function writeOutputFile(flag: 'svg' | 'csv', options: BenchOptions, text: string): Promise<void> {
  await checkOutputFile(flag, options);
  try {
    await writeFileAtomic(options[flag]!, [Buffer.from(text)]);
  } catch (error) {
    throw benchFileError(flag, options[flag]!, error);
  }
}

function benchFileError(flag: string, path: string, error: unknown): UsageError {
  const reason = error instanceof OutputRefusal ? error.reason : (error as Error).message;
  return new UsageError(`--${flag} ${path}: cannot write it: ${reason}`, {
    ...(error instanceof OutputRefusal && error.hint !== undefined && { hint: error.hint }),
    cause: error,
  });
}

/** In strong scaling under MPI every worker of every rank needs at least one row of the global batch. */
function checkBatchCoversRanks(options: BenchOptions, ranks: number): void {
  if (options.mode !== 'strong') return;
  const most = options.workers[options.workers.length - 1]!;
  for (const workload of options.workloads) {
    if (workload.batchSize < most * ranks) {
      throw new UsageError(
        `--workers: ${ranks} ranks × ${most} workers cannot share the ${workload.batchSize}-row batch of ${workload.name} in strong scaling`,
        'every worker needs at least one row: use fewer workers or ranks, a larger --batch-size or --mode weak',
      );
    }
  }
}

/** Writes `text`, waiting for 'drain' when the stream asks to; a stream that fails or closes instead ends the wait too. */
function write(stream: Writable, text: string): Promise<void> {
  return new Promise((done) => {
    if (stream.write(text)) return done();
    const finish = () => {
      for (const event of ['drain', 'close', 'error']) stream.off(event, finish);
      done();
    };
    for (const event of ['drain', 'close', 'error']) stream.on(event, finish);
  });
}

/** Runs the whole benchmark; resolves with the points measured (also printed on `io.stdout`). */
export async function runBench(
  options: BenchOptions,
  io: BenchIO,
  machine?: MachineInfo,
  ranks?: BenchRanks,
): Promise<BenchPoint[]> {
  const kernelsOf = (workload: Workload) => workloadKernels(options.kernels, workload.mlp.sizes);
  const native = options.workloads.some((workload) => kernelsOf(workload).includes('native'));
  machine ??= machineInfo(options.dtype, native);
  const rankCount = ranks?.size ?? 1;
  if (ranks) checkBatchCoversRanks(options, ranks.size);
  // Under MPI rank 0 alone writes: the other ranks neither check nor write the files.
  const writesFiles = (ranks?.rank ?? 0) === 0;
  if (options.svg !== undefined && writesFiles) await checkOutputFile('svg', options);
  if (options.csv !== undefined && writesFiles) await checkOutputFile('csv', options);

  const settings: BenchSettings = {
    mode: options.mode,
    optimizer: options.optimizer,
    seconds: options.seconds,
    repetitions: options.repetitions,
    date: new Date().toISOString(),
    ...(ranks && { ranks: ranks.size, mpi: ranks.library }),
  };
  const out = (text: string) => write(io.stdout, text);
  if (options.json) await out(`${JSON.stringify(machineRecord(machine, settings))}\n`);
  else await out(formatTableHeader(machine, settings, options.workloads));

  const total = options.workloads.reduce((sum, w) => sum + kernelsOf(w).length, 0) * options.workers.length;
  const progress = createProgress(io.stderr, total);
  const points: BenchPoint[] = [];
  const showKernels = options.kernels.length > 1;
  const stopFlag = new Float64Array(1);
  try {
    // Under MPI rank 0's stdout decides, for every rank: each must leave the loop at the same point.
    const nobodyListens = () => {
      stopFlag[0] =
        io.stdoutHealth?.broken === true && options.svg === undefined && options.csv === undefined ? 1 : 0;
      ranks?.followRankZero(stopFlag);
      return stopFlag[0] === 1;
    };
    measuring: for (const workload of options.workloads) {
      const largest = globalBatchOf(
        options,
        workload.batchSize,
        options.workers[options.workers.length - 1]! * rankCount,
      );
      const data = workloadData(workload.mlp, epochSteps(workload, largest) * largest, options.seed);
      const initial = initialParameters(workload.mlp, options.seed);
      for (const kernels of kernelsOf(workload)) {
        let baseline = Number.NaN;
        for (const workers of options.workers) {
          if (nobodyListens()) break measuring;
          const globalBatch = globalBatchOf(options, workload.batchSize, workers * rankCount);
          const layout = ranks
            ? formatLayout(ranks.size, workers)
            : `${workers} worker${workers === 1 ? '' : 's'}`;
          const label = `${workload.name}${showKernels ? ` (${kernels})` : ''}, ${layout}`;
          const measured = await measurePoint(
            {
              workload,
              workers,
              globalBatch,
              data,
              initial,
              optimizer: benchOptimizer(options.optimizer),
              kernels,
              seconds: options.seconds,
              repetitions: options.repetitions,
              ...(ranks && { ranks }),
            },
            (phase) =>
              progress.update(
                label,
                phase.kind === 'warm-up' ? 'warm-up' : `repetition ${phase.index + 1}/${options.repetitions}`,
              ),
          );
          progress.pointDone();
          const { median, min, max } = summarize(measured.rates);
          if (workers === 1) baseline = median;
          const point: BenchPoint = {
            workload: workload.name,
            model: describeModel(workload.mlp),
            mode: options.mode,
            kernels,
            ...(ranks && { ranks: ranks.size }),
            workers,
            batchSize: workload.batchSize,
            globalBatch,
            samplesPerSecond: median,
            min,
            max,
            repetitions: measured.rates,
            ...scaling(median, baseline, workers),
            breakdown: measured.breakdown,
          };
          points.push(point);
          progress.clear();
          await out(options.json ? `${JSON.stringify(resultRecord(point))}\n` : formatTableRow(point));
        }
      }
    }
  } finally {
    progress.clear();
  }

  if (!writesFiles) return points;
  if (options.svg !== undefined) await writeOutputFile('svg', options, formatSvg(points, machine, settings));
  if (options.csv !== undefined) await writeOutputFile('csv', options, formatCsv(points, machine, settings));
  if (!options.json) {
    const files = [options.svg, options.csv].filter((file) => file !== undefined);
    if (files.length > 0) await out(`\nwrote ${files.join(' and ')}\n`);
  }
  return points;
}
