/**
 * The human-readable report: a header naming the machine, the settings and the workloads, then
 * one fixed-width row per point, printed as each point is measured.
 */

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

const GAP = '  ';

function line(cells: readonly string[]): string {
  return `${cells
    .map((cell, i) => (COLUMNS[i]!.left ? cell.padEnd(COLUMNS[i]!.width) : cell.padStart(COLUMNS[i]!.width)))
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
  return [
    `machine   ${describeMachine(machine)}`,
    `bench     ${describeMode(settings.mode)}, ${settings.optimizer}, ${repetitions} per point after a warm-up; medians`,
    ...workloads.map((workload) => `          ${describeWorkload(workload)}`),
    '',
    line(COLUMNS.map((column) => column.title)).trimEnd(),
    `${' '.repeat(COLUMNS.slice(0, 8).reduce((sum, c) => sum + c.width + GAP.length, 0))}(ms per step)`,
    '',
  ].join('\n');
}

export function formatTableRow(point: BenchPoint): string {
  return line(COLUMNS.map((column) => column.cell(point)));
}
