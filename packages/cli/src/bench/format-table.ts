/**
 * The human-readable report: a header naming the machine, the settings and the workloads, then
 * one fixed-width row per point, printed as each point is measured. Under MPI the workers column
 * shows the layout (ranks × workers) and two columns give the cross-rank exchange per step.
 */

import { formatLayout } from './bench-ranks.js';
import type { BenchPoint, BenchSettings, MachineInfo } from './bench-types.js';
import {
  formatCompact,
  formatMs,
  formatPercent,
  formatSamplesPerSecond,
  formatSpeedup,
} from './format-bench-numbers.js';
import { describeMachine } from './machine.js';
import { describeWorkload, type Workload } from './workloads.js';

interface Column {
  readonly title: string;
  readonly width: number;
  readonly left?: boolean;
  readonly cell: (point: BenchPoint) => string;
}

const COLUMNS: readonly Column[] = [
  { title: 'workload', width: 9, left: true, cell: (p) => p.workload },
  { title: 'kernels', width: 7, left: true, cell: (p) => p.kernels },
  { title: 'workers', width: 7, cell: (p) => String(p.workers) },
  { title: 'batch', width: 6, cell: (p) => String(p.globalBatch) },
  { title: 'samples/s', width: 11, cell: (p) => formatSamplesPerSecond(p.samplesPerSecond) },
  { title: 'min–max', width: 13, cell: (p) => `${formatCompact(p.min)}–${formatCompact(p.max)}` },
  { title: 'speedup', width: 7, cell: (p) => formatSpeedup(p.speedup) },
  { title: 'effic.', width: 6, cell: (p) => formatPercent(p.efficiency) },
  { title: 'compute', width: 8, cell: (p) => formatMs(p.breakdown.computeMs) },
  { title: 'sync', width: 7, cell: (p) => formatMs(p.breakdown.syncMs) },
  { title: 'reduce+upd', width: 10, cell: (p) => formatMs(p.breakdown.reduceUpdateMs) },
];

/** Under MPI: the layout instead of the worker count, and the exchange (in the steps, and alone). */
const MPI_COLUMNS: readonly Column[] = [
  ...COLUMNS.map((column) =>
    column.title === 'workers'
      ? { title: 'ranks×wkrs', width: 10, cell: (p: BenchPoint) => formatLayout(p.ranks ?? 1, p.workers) }
      : column,
  ),
  { title: 'exchange', width: 8, cell: (p) => formatMs(p.breakdown.exchangeMs ?? Number.NaN) },
  { title: 'alone', width: 7, cell: (p) => formatMs(p.breakdown.exchangeAloneMs ?? Number.NaN) },
];

const GAP = '  ';

function line(columns: readonly Column[], cells: readonly string[]): string {
  return `${cells
    .map((cell, i) => (columns[i]!.left ? cell.padEnd(columns[i]!.width) : cell.padStart(columns[i]!.width)))
    .join(GAP)
    .trimEnd()}\n`;
}

/** `strong scaling (fixed global batch)`. */
export function describeMode(mode: BenchSettings['mode']): string {
  return mode === 'strong' ? 'strong scaling (fixed global batch)' : 'weak scaling (fixed batch per worker)';
}

export function formatTableHeader(
  machine: MachineInfo,
  settings: BenchSettings,
  workloads: readonly Workload[],
): string {
  const repetitions = `${settings.repetitions} repetitions of ${(settings.seconds / settings.repetitions).toPrecision(2)} s`;
  const columns = settings.ranks === undefined ? COLUMNS : MPI_COLUMNS;
  return [
    `machine   ${describeMachine(machine)}`,
    `bench     ${describeMode(settings.mode)}, ${settings.optimizer}, ${repetitions} per point after a warm-up; medians`,
    ...workloads.map((workload) => `          ${describeWorkload(workload)}`),
    ...(settings.ranks === undefined
      ? []
      : [
          `mpi       ${settings.ranks} ranks (${settings.mpi}); speedup over ${formatLayout(settings.ranks, 1)}; sync includes the exchange;`,
          '          exchange: allgatherv of the shard gradients per step, waits included; alone: one exchange, ranks in lockstep',
        ]),
    '',
    line(
      columns,
      columns.map((column) => column.title),
    ).trimEnd(),
    `${' '.repeat(columns.slice(0, 8).reduce((sum, c) => sum + c.width + GAP.length, 0))}(ms per step)`,
    '',
  ].join('\n');
}

export function formatTableRow(point: BenchPoint): string {
  const columns = point.ranks === undefined ? COLUMNS : MPI_COLUMNS;
  return line(
    columns,
    columns.map((column) => column.cell(point)),
  );
}
