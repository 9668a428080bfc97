/**
 * Measures one point: a workload trained by the data-parallel engine with a given worker count.
 * A warm-up (which also sizes the chunks of steps handed to the engine per `run`), then
 * `repetitions` timed stretches of about `seconds / repetitions` each; samples/s of each
 * stretch, and the engine's phase timers over all of them. Under MPI (`ranks`) every rank trains
 * the point with the cross-rank exchange and follows rank 0's decisions (double the chunk, go
 * on), so that every rank runs the same steps; the exchange is then also timed alone.
 */

import type { Dataset, FloatArray, OptimizerConfig } from '@shardwise/core';
import { DataParallelEngine, type KernelBackend } from '@shardwise/worker';
import type { BenchRanks } from './bench-ranks.js';
import type { StepBreakdown } from './bench-types.js';
import type { Workload } from './workloads.js';

export interface PointPlan {
  readonly workload: Workload;
  readonly workers: number;
  readonly globalBatch: number;
  /** Rows to train on; steps cycle through its full batches in order. */
  readonly data: Dataset;
  readonly initial: FloatArray;
  readonly optimizer: OptimizerConfig;
  readonly kernels: KernelBackend;
  readonly seconds: number;
  readonly repetitions: number;
  /** The MPI job this process is a rank of; absent in a single process. */
  readonly ranks?: BenchRanks;
}

export interface PointMeasurement {
  /** samples/s of each repetition. */
  readonly rates: number[];
  readonly steps: number;
  readonly breakdown: StepBreakdown;
}

export type PointPhase =
  | { readonly kind: 'warm-up' }
  | { readonly kind: 'repetition'; readonly index: number };

/** Warm-up length: a quarter of the measured time, within [0.05 s, 1 s]. */
export function warmupSeconds(seconds: number): number {
  return Math.min(1, Math.max(0.05, seconds / 4));
}

const now = () => performance.now() / 1000;

/** An engine training one workload, driven in timed stretches (also used by bench/peers). */
export interface EngineRunner {
  /** Trains for about `seconds` (whole chunks of steps); doubles the chunk while one takes under `chunkSeconds / 2`. */
  warmUp(seconds: number, chunkSeconds: number): Promise<void>;
  /** Trains for at least `seconds`; resolves with the steps done and the samples/s. */
  stretch(seconds: number): Promise<{ steps: number; samplesPerSecond: number }>;
  /** The engine's phase timers: seconds since the last `resetPhases`, averaged over the workers. */
  phaseSeconds(): { compute: number; sync: number; reduceUpdate: number; exchange: number };
  resetPhases(): void;
  /** Under MPI: seconds of one exchange with every rank in lockstep (mean of `repeats`); every rank must call it. */
  exchangeAlone(repeats: number): number;
  close(): Promise<void>;
}

/** Starts the engine for `plan` (its timing fields unused) with the initial weights loaded. */
export function startEngineRunner(plan: Omit<PointPlan, 'seconds' | 'repetitions'>): EngineRunner {
  const { workload, workers, globalBatch, data } = plan;
  const epochSteps = Math.floor(data.rows / globalBatch);
  if (epochSteps < 1) throw new Error(`bench: ${data.rows} rows hold no full batch of ${globalBatch}`);
  const exchange = plan.ranks?.exchange();
  const engine = DataParallelEngine.create({
    mlp: workload.mlp,
    data,
    batchSize: globalBatch,
    workers,
    optimizer: plan.optimizer,
    kernels: plan.kernels,
    ...(exchange && { exchange }),
  });
  // Under MPI every rank takes rank 0's decision (its timing), so all run the same steps.
  const decisions = new Float64Array(2);
  const agree = (): Float64Array => {
    plan.ranks?.followRankZero(decisions);
    return decisions;
  };
  let cursor = 0;
  let chunk = 1;
  /** Trains `count` steps, wrapping around the epoch's full batches. */
  const train = async (count: number): Promise<number> => {
    let done = 0;
    while (done < count) {
      const end = Math.min(epochSteps, cursor + count - done);
      const ran = await engine.run(cursor, end);
      if (ran === 0) throw new Error('bench: the engine ran no steps');
      done += ran;
      cursor = end === epochSteps ? 0 : end;
    }
    return done;
  };
  try {
    engine.load(plan.initial);
  } catch (error) {
    void engine.close();
    throw error;
  }
  return {
    async warmUp(seconds, chunkSeconds) {
      const end = now() + seconds;
      do {
        const t0 = now();
        await train(chunk);
        const t1 = now();
        decisions[0] = t1 - t0 < chunkSeconds / 2 ? 1 : 0;
        decisions[1] = t1 < end ? 1 : 0;
        if (agree()[0] === 1) chunk *= 2;
      } while (decisions[1] === 1);
    },
    async stretch(seconds) {
      let steps = 0;
      const t0 = now();
      let elapsed = 0;
      do {
        steps += await train(chunk);
        elapsed = now() - t0;
        decisions[0] = elapsed < seconds ? 1 : 0;
      } while (agree()[0] === 1);
      return { steps, samplesPerSecond: (steps * globalBatch) / elapsed };
    },
    phaseSeconds: () => engine.phaseSeconds(),
    resetPhases: () => engine.resetPhaseSeconds(),
    exchangeAlone(repeats) {
      if (!plan.ranks) return 0;
      // Between runs the engine is idle: the exchange moves this step's slots again, ranks aligned.
      plan.ranks.barrier();
      const t0 = now();
      for (let i = 0; i < repeats; i++) engine.exchange.combine(false);
      return (now() - t0) / repeats;
    },
    close: () => engine.close(),
  };
}

/** Chunks of steps per `run` call last about a twentieth of a repetition (at least 2 ms). */
export function chunkSeconds(repetitionSeconds: number): number {
  return Math.max(0.002, repetitionSeconds / 20);
}

/** Exchanges timed alone after a point's repetitions. */
const EXCHANGE_ALONE_REPEATS = 20;

export async function measurePoint(
  plan: PointPlan,
  onPhase: (phase: PointPhase) => void = () => {},
): Promise<PointMeasurement> {
  const runner = startEngineRunner(plan);
  try {
    // Warm-up: let the JIT settle, and size the chunks of steps handed to the engine per run.
    onPhase({ kind: 'warm-up' });
    const repetitionSeconds = plan.seconds / plan.repetitions;
    await runner.warmUp(warmupSeconds(plan.seconds), chunkSeconds(repetitionSeconds));
    runner.resetPhases();
    const rates: number[] = [];
    let steps = 0;
    for (let r = 0; r < plan.repetitions; r++) {
      onPhase({ kind: 'repetition', index: r });
      const stretch = await runner.stretch(repetitionSeconds);
      rates.push(stretch.samplesPerSecond);
      steps += stretch.steps;
    }
    const phases = runner.phaseSeconds();
    const perStepMs = (seconds: number) => (seconds / steps) * 1000;
    return {
      rates,
      steps,
      breakdown: {
        computeMs: perStepMs(phases.compute),
        syncMs: perStepMs(phases.sync),
        reduceUpdateMs: perStepMs(phases.reduceUpdate),
        ...(plan.ranks && {
          exchangeMs: perStepMs(phases.exchange),
          exchangeAloneMs: runner.exchangeAlone(EXCHANGE_ALONE_REPEATS) * 1000,
        }),
      },
    };
  } finally {
    await runner.close();
  }
}
