// The `pnpm bench:engine` case of short epochs: 784-256-10 relu, batch 256, 8,192 rows, so 32
// steps per epoch, trained epoch by epoch as `train` does (order reset and reshuffled, one engine
// run per epoch, the step losses read back) with 1 and 2 workers, timed over whole epochs
// wall-clock. The same epochs run in chunks of 4 steps show what each extra start and stop of the
// workers costs (as `train` paid when it ran in chunks for progress callbacks).
import { blobs, createMlp, initParameters, type MlpConfig, Rng } from '@shardwise/core';
import { DataParallelEngine, type KernelBackend } from '../engine.js';

const ROWS = 8192;
const BATCH = 256;
const STEPS = ROWS / BATCH;
const CHUNK = 4;

/** samples/s of each measured round, per worker count and way of running. */
export interface EpochScaling {
  readonly kernels: KernelBackend;
  /** Whole epochs, one run each: [1 worker, 2 workers] medians. */
  readonly epochRun: readonly [number, number];
  /** The same epochs in runs of CHUNK steps. */
  readonly chunked: readonly [number, number];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Measures the case: `rounds` rounds, each timing `epochs` epochs of every (workers, way) in turn,
 * so that other load on the machine falls on all of them alike; medians over the rounds.
 */
export async function measureEpochScaling(
  kernels: KernelBackend,
  rounds: number,
  epochs: number,
): Promise<EpochScaling> {
  const config: MlpConfig = {
    sizes: [784, 256, 10],
    activation: 'relu',
    loss: 'ce',
    outActivation: 'identity',
    dtype: 'f32',
  };
  const data = blobs({ samples: ROWS, features: 784, classes: 10, seed: 1, dtype: 'f32' });
  const mlp = createMlp(config);
  const params = new Float32Array(mlp.layout.count);
  initParameters(mlp, params, new Rng(1));
  const engines = [1, 2].map((workers) =>
    DataParallelEngine.create({
      mlp: config,
      data,
      batchSize: BATCH,
      workers,
      optimizer: { kind: 'adam', lr: 1e-3 },
      kernels,
    }),
  );
  try {
    const rng = new Rng(2);
    /** One epoch as the trainer runs it, in runs of `chunk` steps. */
    const epoch = async (engine: DataParallelEngine, chunk: number): Promise<void> => {
      const order = engine.order;
      for (let i = 0; i < order.length; i++) order[i] = i;
      rng.shuffle(order);
      for (let step = 0; step < STEPS; step += chunk) await engine.run(step, Math.min(STEPS, step + chunk));
      let loss = 0;
      for (let step = 0; step < STEPS; step++) loss += engine.stepLoss(step);
      if (!Number.isFinite(loss)) throw new Error('epoch-scaling: the loss diverged');
    };
    for (const engine of engines) {
      engine.load(params);
      await epoch(engine, STEPS);
    }
    const rates = [STEPS, CHUNK].map(() => [[], []] as [number[], number[]]);
    for (let round = 0; round < rounds; round++) {
      for (const [way, chunk] of [STEPS, CHUNK].entries()) {
        for (const [w, engine] of engines.entries()) {
          const started = performance.now();
          for (let e = 0; e < epochs; e++) await epoch(engine, chunk);
          rates[way]![w]!.push((epochs * ROWS) / ((performance.now() - started) / 1000));
        }
      }
    }
    const medians = rates.map(([one, two]) => [median(one), median(two)] as const);
    return { kernels, epochRun: medians[0]!, chunked: medians[1]! };
  } finally {
    await Promise.all(engines.map((engine) => engine.close()));
  }
}

/** The case's line for the table. */
export function formatEpochScaling(result: EpochScaling): string {
  const [one, two] = result.epochRun;
  const [chunkedOne, chunkedTwo] = result.chunked;
  const rate = (value: number) => value.toFixed(0);
  return [
    `mnist 784-256-10 relu, batch 256, ${ROWS} rows (${STEPS} steps per epoch), ${result.kernels} kernels, whole epochs timed:`,
    `  one run per epoch (train)    1 worker ${rate(one)} samples/s, 2 workers ${rate(two)} samples/s, 2 vs 1 worker ${(two / one).toFixed(2)}×`,
    `  runs of ${CHUNK} steps            1 worker ${rate(chunkedOne)} samples/s, 2 workers ${rate(chunkedTwo)} samples/s, 2 vs 1 worker ${(chunkedTwo / chunkedOne).toFixed(2)}×`,
  ].join('\n');
}
