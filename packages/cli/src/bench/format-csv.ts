/** `--csv`: one row per point, full precision, the machine repeated on every row so each is self-describing. */

import type { BenchPoint, BenchSettings, MachineInfo } from './bench-types.js';

const HEADER = [
  'workload',
  'model',
  'mode',
  'kernels',
  'workers',
  'batch_size',
  'global_batch',
  'samples_per_second',
  'min',
  'max',
  'speedup',
  'efficiency',
  'compute_ms',
  'sync_ms',
  'reduce_update_ms',
  'optimizer',
  'repetitions',
  'seconds',
  'dtype',
  'cpu',
  'cores',
  'node',
  'date',
];

/** A CSV cell: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatCsv(
  points: readonly BenchPoint[],
  machine: MachineInfo,
  settings: BenchSettings,
): string {
  // Under MPI three more columns: the ranks and the exchange per step (in the steps, and alone).
  const mpi = settings.ranks !== undefined;
  const header = mpi ? [...HEADER, 'ranks', 'exchange_ms', 'exchange_alone_ms'] : HEADER;
  const rows = points.map((p) => [
    p.workload,
    p.model,
    p.mode,
    p.kernels,
    p.workers,
    p.batchSize,
    p.globalBatch,
    p.samplesPerSecond,
    p.min,
    p.max,
    p.speedup,
    p.efficiency,
    p.breakdown.computeMs,
    p.breakdown.syncMs,
    p.breakdown.reduceUpdateMs,
    settings.optimizer,
    settings.repetitions,
    settings.seconds,
    machine.dtype,
    machine.cpu,
    machine.cores,
    machine.node,
    settings.date,
    ...(mpi ? [p.ranks ?? 1, p.breakdown.exchangeMs ?? '', p.breakdown.exchangeAloneMs ?? ''] : []),
  ]);
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\n`).join('');
}
