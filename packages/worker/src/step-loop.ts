import { loadNativeBlas, nativeLayerKernels } from '@shardwise/blas';
import {
  createMlp,
  createWorkspace,
  DropoutStep,
  forwardBackward,
  type LayerKernels,
  Optimizer,
  type RowSource,
  TS_OPTIMIZER_BACKEND,
  WASM_GEMM_SCRATCH_BYTES,
  WasmLayerKernels,
  WasmSliceUpdate,
  type WorkspaceOptions,
} from '@shardwise/core';
import { arriveAtBarrier, awaitBarrier, halted, releaseBarrier, signalMain } from './barrier.js';
import { barrierSpin } from './barrier-spin.js';
import { Control, committedBuffer, FaultKind, FaultPhase, runLrView } from './control.js';
import { reduceSlice } from './reduce-slice.js';
import { shardStart, sliceStart } from './shard-planner.js';
import {
  mapSharedViews,
  planSharedLayout,
  SHARD_STAT_FIELDS,
  type SharedLayout,
  shardCount,
} from './shared-layout.js';
import type { WorkerTask } from './worker-task.js';

/**
 * A worker's whole life: map the shared memory once, then run the steps the main thread asks for
 * until shutdown. Each step: (1) the gradients of this worker's shards, each into its own slot; barrier;
 * (2) the weighted sum of all slots over this worker's parameter slice, and the optimizer on that
 * slice, written to the next buffers; barrier, where the last to arrive commits the step.
 * Test-only faults fire at the phase boundaries marked `fault point` (one integer compare each).
 */
export function runStepLoop(task: WorkerTask): void {
  const layout = planSharedLayout(task.shape);
  const buffer = task.wasm ? (task.wasm.memory.buffer as SharedArrayBuffer) : task.buffer;
  const v = mapSharedViews(buffer, layout);
  const control = v.control;
  // Shards are the logical split of each batch (fixing the result); workers are the threads.
  const shards = shardCount(task.shape);
  const workers = task.shape.workers;
  const w = task.index;
  const [myFirstShard, myEndShard] = task.shardRange;
  const p = task.shape.paramCount;
  const mlp = createMlp(task.mlp);
  const kernels = wasmKernels(task, layout, buffer);
  const ws = createWorkspace(mlp, Math.ceil(task.batchSize / shards), {
    ...kernels?.workspace,
    ...(task.dropout && { dropout: task.dropout.rates }),
  });
  // Masks from (seed, global step, row id): every worker derives the same ones for a row.
  const dropout = task.dropout && new DropoutStep(task.dropout);
  const source: RowSource = {
    features: task.shape.features,
    outputs: task.shape.outputs,
    x: v.x,
    labels: v.labels,
    targets: v.targets,
  };
  // The shard weights of a step; in the memory when the WebAssembly reduction reads them.
  const weights = kernels?.weights ?? new Float64Array(shards);
  // The backend's reduction and update, chosen once: WebAssembly over the shared memory or TypeScript.
  const reduce = kernels ? kernels.update.reduceSlice.bind(kernels.update) : reduceSlice;
  // The optimizer, configured and checked once; its per-slice update does neither.
  const optimizer = new Optimizer(task.optimizer, p, kernels?.update ?? TS_OPTIMIZER_BACKEND);
  for (const i of [0, 1]) optimizer.checkBuffers(v.params[i]!, v.reduced, v.state[i]!);
  // The run's lr (a schedule may change it between runs); read once per run.
  const runLr = runLrView(control);
  // Where the optimizer reads the committed parameters and state, per buffer index.
  const committed = [0, 1].map((i) => ({ params: v.params[i]!, state: v.state[i]! }));
  const sliceFrom = sliceStart(p, workers, w);
  const sliceTo = sliceStart(p, workers, w + 1);
  const heartbeats = v.heartbeats;
  const spin = barrierSpin(workers, task.exchangeAcrossProcesses);
  let seen = task.runGeneration;

  for (;;) {
    while (Atomics.load(control, Control.runGeneration) === seen) {
      Atomics.wait(control, Control.runGeneration, seen, 1000);
    }
    seen = Atomics.load(control, Control.runGeneration);
    if (Atomics.load(control, Control.shutdown) !== 0 || Atomics.load(control, Control.abort) !== 0) return;
    heartbeats[w] = heartbeats[w]! + 1;
    Atomics.add(control, Control.workersJoined, 1);
    if (!runSteps()) return;
    if (Atomics.add(control, Control.workersIdle, 1) === workers - 1) {
      Atomics.add(control, Control.doneGeneration, 1);
      Atomics.notify(control, Control.doneGeneration);
      signalMain(control);
    }
  }

  /** Runs the current run's steps; false if the run was aborted. */
  function runSteps(): boolean {
    const rows = Atomics.load(control, Control.epochRows);
    const batch = task.batchSize;
    optimizer.setLearningRate(runLr[0]!);
    for (
      let step = Atomics.load(control, Control.runFirstStep);
      step < Atomics.load(control, Control.runEndStep);
      step++
    ) {
      const batchFrom = step * batch;
      const n = Math.min(batch, rows - batchFrom);
      const cur = committedBuffer(Atomics.load(control, Control.globalStep));
      // fault point
      if (Atomics.load(control, Control.faultPhase) === FaultPhase.start)
        injectFaultIfAsked(control, w, FaultPhase.start);

      const started = performance.now();
      if (dropout) dropout.step = Atomics.load(control, Control.globalStep);
      for (let s = myFirstShard; s < myEndShard; s++) {
        const loss = forwardBackward(
          mlp,
          v.params[cur]!,
          v.slots[s]!,
          source,
          v.order,
          batchFrom + shardStart(n, shards, s),
          batchFrom + shardStart(n, shards, s + 1),
          ws,
          dropout,
        );
        v.shardStats[SHARD_STAT_FIELDS * s] = loss;
        v.shardStats[SHARD_STAT_FIELDS * s + 1] = ws.correct;
        v.shardStats[SHARD_STAT_FIELDS * s + 2] = ws.weightSum;
      }
      const computed = performance.now();
      if (!passBarrier(-1)) return false;
      const reducing = performance.now();

      // Each shard's mean weighs in by its share of the batch's summed sample weight (its rows / n
      // when unweighted, exactly); a batch that weighs 0 in all contributes nothing.
      let batchWeight = 0;
      for (let s = 0; s < shards; s++) batchWeight += v.shardStats[SHARD_STAT_FIELDS * s + 2]!;
      for (let s = 0; s < shards; s++)
        weights[s] = batchWeight > 0 ? v.shardStats[SHARD_STAT_FIELDS * s + 2]! / batchWeight : 0;
      reduce(v.slots, weights, shards, sliceFrom, sliceTo, v.reduced);
      // fault point
      if (Atomics.load(control, Control.faultPhase) === FaultPhase.reduce)
        injectFaultIfAsked(control, w, FaultPhase.reduce);
      const next = 1 - cur;
      const t = Atomics.load(control, Control.globalStep) + 1;
      // Reads the committed buffers, writes the next ones: one pass, and nothing is committed
      // until every slice is done.
      optimizer.update(v.params[next]!, v.reduced, v.state[next]!, t, sliceFrom, sliceTo, committed[cur]!);
      // fault point
      if (Atomics.load(control, Control.faultPhase) === FaultPhase.update)
        injectFaultIfAsked(control, w, FaultPhase.update);
      const updated = performance.now();
      if (!passBarrier(step)) return false;
      const finished = performance.now();
      v.phaseSeconds[3 * w] = v.phaseSeconds[3 * w]! + (computed - started) / 1000;
      v.phaseSeconds[3 * w + 1] =
        v.phaseSeconds[3 * w + 1]! + (reducing - computed + finished - updated) / 1000;
      v.phaseSeconds[3 * w + 2] = v.phaseSeconds[3 * w + 2]! + (updated - reducing) / 1000;
    }
    return true;
  }

  /**
   * Waits for every worker; the last to arrive commits `step` first when step ≥ 0. The heartbeat
   * counts this worker as through once it arrived, or, for the committing one, once it committed:
   * a worker stuck anywhere in a step is the one left behind.
   */
  function passBarrier(step: number): boolean {
    const generation = arriveAtBarrier(control, workers);
    if (generation >= 0) {
      heartbeats[w] = heartbeats[w]! + 1;
      return awaitBarrier(control, generation, spin);
    }
    // Never commit once a worker has failed or the engine is closing (a hung worker's shard is
    // missing then): the step must leave the committed buffers alone.
    if (halted(control)) {
      releaseBarrier(control);
      return false;
    }
    if (step >= 0) commitStep(step);
    heartbeats[w] = heartbeats[w]! + 1;
    if (step < 0 && task.exchangeAcrossProcesses) {
      // The other ranks' shards are still missing: the engine's thread brings them, then releases.
      const generation = Atomics.load(control, Control.barrierGeneration);
      Atomics.store(control, Control.exchangeRequested, 1);
      signalMain(control);
      return awaitBarrier(control, generation);
    }
    releaseBarrier(control);
    return true;
  }

  /**
   * Records the step's loss, then commits it with one atomic add: the new count's parity names the
   * buffers every worker just wrote, so a thread that dies at any point here leaves either the old
   * step (recomputed on retry) or the new one, whole.
   */
  function commitStep(step: number): void {
    let loss = 0;
    let correct = 0;
    for (let s = 0; s < shards; s++) {
      // A shard that weighs 0 still counts its correct rows: accuracy is unweighted.
      if (weights[s] !== 0) loss += weights[s]! * v.shardStats[SHARD_STAT_FIELDS * s]!;
      correct += v.shardStats[SHARD_STAT_FIELDS * s + 1]!;
    }
    v.stepStats[2 * step] = loss;
    v.stepStats[2 * step + 1] = correct;
    // fault point
    if (Atomics.load(control, Control.faultPhase) === FaultPhase.commit)
      injectFaultIfAsked(control, w, FaultPhase.commit);
    Atomics.add(control, Control.globalStep, 1);
    // fault point
    if (Atomics.load(control, Control.faultPhase) === FaultPhase.committed)
      injectFaultIfAsked(control, w, FaultPhase.committed);
    if (Atomics.load(control, Control.stopRequested) !== 0)
      Atomics.store(control, Control.runEndStep, step + 1);
  }
}

/**
 * With WebAssembly kernels: the worker's GEMM, reduction and update, with its workspace, GEMM
 * scratch and shard weights in the shared memory (scratch first, the weights after it). With the
 * native GEMM, the same but for the matrix products, which go to the CBLAS addon in place.
 */
function wasmKernels(
  task: WorkerTask,
  layout: SharedLayout,
  buffer: SharedArrayBuffer,
): { workspace: WorkspaceOptions; update: WasmSliceUpdate; weights: Float64Array } | null {
  if (!task.wasm) return null;
  const { workspaces, gemmScratch } = layout.regions;
  const scratch = gemmScratch.byteOffset + task.index * task.shape.scratchBytes;
  const wasmLayer = new WasmLayerKernels(task.wasm.memory, task.wasm.module, scratch);
  return {
    workspace: {
      kernels: task.nativeGemm ? withNativeGemm(wasmLayer) : wasmLayer,
      placement: { buffer, byteOffset: workspaces.byteOffset + task.index * task.shape.workspaceBytes },
    },
    update: new WasmSliceUpdate(task.wasm.memory, task.wasm.module),
    weights: new Float64Array(buffer, scratch + WASM_GEMM_SCRATCH_BYTES, shardCount(task.shape)),
  };
}

/** `kernels` with the native CBLAS GEMM (and the addon's bias + tanh, where built) in place of its own (loaded in this thread). */
function withNativeGemm(kernels: LayerKernels): LayerKernels {
  const { blas, reason } = loadNativeBlas();
  if (!blas) throw new Error(`kernels native: ${reason}`);
  return nativeLayerKernels(kernels, blas);
}

/**
 * Test-only: fails this worker when the armed fault is for it (any worker in the commit phases,
 * where whichever arrives last commits) and for this step (the step just committed, in the
 * 'committed' phase). Disarms it first unless it is to fire every time.
 */
function injectFaultIfAsked(control: Int32Array, w: number, phase: number): void {
  const committing = phase === FaultPhase.commit || phase === FaultPhase.committed;
  if (!committing && Atomics.load(control, Control.faultWorker) !== w) return;
  const step = Atomics.load(control, Control.globalStep) + (phase === FaultPhase.committed ? 0 : 1);
  if (Atomics.load(control, Control.faultStep) !== step) return;
  const kind = Atomics.load(control, Control.faultKind);
  if (kind !== FaultKind.throwAlways) Atomics.store(control, Control.faultPhase, FaultPhase.none);
  if (kind === FaultKind.throw || kind === FaultKind.throwAlways)
    throw new Error(`injected fault in worker ${w}`);
  if (kind === FaultKind.exit) process.exit(1);
  if (kind === FaultKind.oom) {
    // Chunks of 2 MB: small enough that V8 ends the thread through its heap-limit callback (a
    // single huge allocation aborts the whole process instead).
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(1 << 18).fill(hoard.length + 0.5));
  }
  // A hung worker: blocked on a word no one will ever change, or busy for good. Neither looks at
  // the abort flag; only the engine's watchdog, by ending the thread, gets it out.
  if (kind === FaultKind.hang) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  if (kind === FaultKind.spin) {
    let spins = 0;
    for (;;) spins = (spins + 1) | 0;
  }
}
