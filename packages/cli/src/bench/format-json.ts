/** The `--json` records: a first `machine` line, then one `result` line per point (full precision). */

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
