/** The `--json` records: a first `machine` line, then one `result` line per point (full precision). */

import { formatLayout } from './bench-ranks.js';
import type { BenchPoint, BenchSettings, MachineInfo } from './bench-types.js';

export function machineRecord(machine: MachineInfo, settings: BenchSettings): Record<string, unknown> {
  return { type: 'machine', ...machine, ...settings };
}

export function resultRecord(point: BenchPoint): Record<string, unknown> {
  return {
    type: 'result',
    workload: point.workload,
    model: point.model,
    mode: point.mode,
    kernels: point.kernels,
    // Under MPI: the ranks and the layout (`2 × 1`, ranks × workers); the breakdown has the exchange.
    ...(point.ranks !== undefined && {
      ranks: point.ranks,
      layout: formatLayout(point.ranks, point.workers),
    }),
    workers: point.workers,
    batchSize: point.batchSize,
    globalBatch: point.globalBatch,
    samplesPerSecond: point.samplesPerSecond,
    speedup: point.speedup,
    efficiency: point.efficiency,
    min: point.min,
    max: point.max,
    repetitions: point.repetitions,
    breakdown: point.breakdown,
  };
}
