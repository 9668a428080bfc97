// Under MPI every rank must run the same steps: a point follows rank 0's decisions (broadcast), not
// its own clock. A stand-in for the job answers every broadcast with "stop": a point asked for
// 1000 s then runs one chunk in the warm-up and one per repetition, and times the exchange alone.
import { IN_PROCESS_EXCHANGE } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import type { BenchRanks } from './bench-ranks.js';
import { measurePoint } from './measure-point.js';
import { initialParameters, namedWorkload, workloadData } from './workloads.js';

/** Rank 1 of 2, whose rank 0 always decides "no doubling, stop now". */
function rankZeroSaysStop(): BenchRanks & { broadcasts: number; barriers: number } {
  const ranks = {
    size: 2,
    rank: 1,
    library: 'test MPI',
    broadcasts: 0,
    barriers: 0,
    exchange: () => IN_PROCESS_EXCHANGE,
    followRankZero(values: Float64Array) {
      ranks.broadcasts++;
      values.fill(0);
    },
    barrier() {
      ranks.barriers++;
    },
  };
  return ranks;
}

describe('measurePoint under MPI', () => {
  it('runs the steps rank 0 decides, whatever its own clock says', { timeout: 30_000 }, async () => {
    const workload = namedWorkload('tiny', 'f32');
    const ranks = rankZeroSaysStop();
    const measured = await measurePoint({
      workload,
      workers: 1,
      globalBatch: workload.batchSize,
      data: workloadData(workload.mlp, 4 * workload.batchSize, 1),
      initial: initialParameters(workload.mlp, 1),
      optimizer: { kind: 'sgd', lr: 0.01 },
      kernels: 'ts',
      seconds: 1000,
      repetitions: 5,
      ranks,
    });
    // One step (the first chunk) per repetition; one broadcast after the warm-up's chunk and each stretch's.
    expect(measured.steps).toBe(5);
    expect(measured.rates).toHaveLength(5);
    expect(ranks.broadcasts).toBe(1 + 5);
    // The exchange timed alone, after a barrier that lines the ranks up.
    expect(ranks.barriers).toBe(1);
    expect(measured.breakdown.exchangeMs).toBe(0);
    expect(measured.breakdown.exchangeAloneMs).toBeGreaterThanOrEqual(0);
  });
});
