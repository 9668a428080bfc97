// shardwise itself, imported from the built workspace packages by relative path (build first:
// `pnpm -w build`): the bench's workloads and its per-point measurement, and the engine.
import { createMlp, createWorkspace, forwardBackward, Optimizer } from '../../../packages/core/dist/index.js';
import { DataParallelEngine } from '../../../packages/worker/dist/index.js';

export { machineInfo } from '../../../packages/cli/dist/bench/machine.js';
export { wasmKernelsAvailable } from '../../../packages/worker/dist/index.js';

import { chunkSeconds, startEngineRunner } from '../../../packages/cli/dist/bench/measure-point.js';

export { warmupSeconds } from '../../../packages/cli/dist/bench/measure-point.js';
export { epochSteps } from '../../../packages/cli/dist/bench/run-bench.js';
export { median } from '../../../packages/cli/dist/bench/stats.js';
export {
  describeModel,
  initialParameters,
  namedWorkload,
  WORKLOAD_NAMES,
  workloadData,
} from '../../../packages/cli/dist/bench/workloads.js';

/** The mean losses of the first `steps` steps (batches 0, 1, … in order) trained by the engine. */
export async function shardwiseLosses(
  workload,
  data,
  initial,
  optimizer,
  { workers, batchSize, steps, kernels },
) {
  const engine = DataParallelEngine.create({
    mlp: workload.mlp,
    data,
    batchSize,
    workers,
    optimizer,
    kernels,
  });
  try {
    engine.load(initial);
    const done = await engine.run(0, steps);
    if (done !== steps) throw new Error(`shardwise ran ${done} of ${steps} steps`);
    return Array.from({ length: steps }, (_, step) => engine.stepLoss(step));
  } finally {
    await engine.close();
  }
}

/**
 * shardwise's kernels called directly on the main thread, with no engine and no worker: forward,
 * backward and the SGD update on contiguous batches. Not a path the library offers (it always
 * trains through the engine); it shows what the engine's per-step coordination costs.
 */
export function coreTrainer(workload, data, initial, optimizer) {
  const mlp = createMlp(workload.mlp);
  const batch = workload.batchSize;
  const params = initial.slice();
  const grad = new initial.constructor(params.length);
  const update = new Optimizer(optimizer, params.length);
  const state = new initial.constructor(update.stateSize);
  const ws = createWorkspace(mlp, batch);
  let updates = 0;
  return {
    /** One step on batch `s`; returns its mean loss (before the update). */
    step(s) {
      const loss = forwardBackward(mlp, params, grad, data, null, s * batch, (s + 1) * batch, ws);
      update.update(params, grad, state, ++updates, 0, params.length);
      return loss;
    },
  };
}

/**
 * The engine as a comparison runner: its first stretch is the warm-up, which also sizes the chunks
 * of steps per `run` (see the bench's measure-point); later ones resolve with samples/s.
 */
export function engineRunner(plan, repetitionSeconds) {
  const runner = startEngineRunner(plan);
  let warm = false;
  return {
    async stretch(seconds) {
      if (warm) return (await runner.stretch(seconds)).samplesPerSecond;
      await runner.warmUp(seconds, chunkSeconds(repetitionSeconds));
      warm = true;
      return Number.NaN;
    },
    close: () => runner.close(),
  };
}
