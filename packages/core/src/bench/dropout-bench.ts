// What dropout adds to a training step: one thread, forward + backward over a batch of the `mnist`
// workload (784-256-10 relu) and one 16-worker shard of it, without dropout and with p = 0.5 on the
// hidden layer, on the TypeScript and the WebAssembly kernels. The masks are drawn (a hash per
// unit) and applied in TypeScript over the workspace either way. Run after a build:
//   node packages/core/dist/bench/dropout-bench.js [ts|wasm]
// Prints a table, then one JSON line per row.

import { blobs } from '../datasets/blobs.js';
import { allocate, DTYPES, type DType, type FloatArray } from '../dtype.js';
import { applyKeepFactors, DropoutStep, multiplyByKeepFactors } from '../mlp/dropout.js';
import { forwardBackward } from '../mlp/forward-backward.js';
import { initParameters } from '../mlp/init.js';
import { createMlp } from '../mlp/mlp.js';
import { createWorkspace, workspaceByteLength } from '../mlp/workspace.js';
import { Rng } from '../rng.js';
import { compileKernelModule } from '../wasm/kernel-module.js';
import { WasmArena } from '../wasm/wasm-arena.js';

const SIZES = [784, 256, 10];
const RATES = [0.5];
const module = compileKernelModule('simd');

/**
 * Median CPU seconds (user + system, so that other processes on a busy machine count less than in
 * wall time) per call of `step`, over rounds of `repeats` calls after a warm-up round.
 */
function medianSeconds(step: () => void, repeats: number): number {
  for (let i = 0; i < repeats; i++) step();
  const rounds: number[] = [];
  for (let r = 0; r < 9; r++) {
    const started = process.cpuUsage();
    for (let i = 0; i < repeats; i++) step();
    const used = process.cpuUsage(started);
    rounds.push((used.user + used.system) / 1e6 / repeats);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)]!;
}

/** Seconds per forwardBackward over `batch` rows on a backend, with or without dropout. */
function stepSeconds(
  dtype: DType,
  batch: number,
  wasm: boolean,
  withDropout: boolean,
  maskOnly = false,
): number {
  const mlp = createMlp({ sizes: SIZES, activation: 'relu', loss: 'ce', outActivation: 'identity', dtype });
  const dataset = blobs({ samples: batch * 4, features: 784, classes: 10, seed: 1, dtype });
  const rates = withDropout ? RATES : [];
  const count = mlp.layout.count;
  const arena =
    wasm && module
      ? new WasmArena(
          module,
          8 + (2 * count * 8 + workspaceByteLength(mlp, batch, rates) + dataset.x.length * 8) / 2 ** 20,
        )
      : null;
  const floats = (length: number): FloatArray =>
    arena ? arena.floats(dtype, length) : allocate(dtype, length);
  const params = floats(count);
  initParameters(mlp, params, new Rng(1));
  const grad = floats(count);
  const ws = arena ? arena.workspace(mlp, batch, rates) : createWorkspace(mlp, batch, { dropout: rates });
  const data = arena ? arena.source(dataset) : dataset;
  const dropout = withDropout ? new DropoutStep({ rates: RATES, seed: 1 }) : null;
  let step = 0;
  if (maskOnly) {
    // What dropout adds to a step: draw the masks, apply them forward, and to the gradient.
    const n = batch * SIZES[1]!;
    return medianSeconds(
      () => {
        dropout!.step = step++;
        dropout!.fillKeepFactors(null, (step % 4) * batch, batch, ws);
        applyKeepFactors(ws.activations[0]!, ws.keepFactors[0]!, ws.dropped[0]!, n);
        multiplyByKeepFactors(ws.deltaA, ws.keepFactors[0]!, n);
      },
      batch >= 256 ? 10 : 100,
    );
  }
  return medianSeconds(
    () => {
      const from = (step % 4) * batch;
      if (dropout) dropout.step = step;
      step++;
      forwardBackward(mlp, params, grad, data, null, from, from + batch, ws, dropout);
    },
    batch >= 256 ? 10 : 100,
  );
}

const rows: Record<string, unknown>[] = [];
console.log('dropout cost, mnist (784-256-10 relu), one thread, forward + backward (CPU ms per call)');
console.log('kernels dtype  rows   without   p = 0.5  masks alone  masks / step');
// `wasm` or `ts` as the first argument runs that backend only.
const only = process.argv[2];
for (const wasm of (module ? [false, true] : [false]).filter(
  (w) => only === undefined || only === (w ? 'wasm' : 'ts'),
)) {
  for (const dtype of DTYPES) {
    for (const batch of [256, 16]) {
      const without = stepSeconds(dtype, batch, wasm, false);
      const withDropout = stepSeconds(dtype, batch, wasm, true);
      const masks = stepSeconds(dtype, batch, wasm, true, true);
      const added = masks / without;
      const kernels = wasm ? 'wasm' : 'ts';
      console.log(
        `${kernels.padEnd(7)} ${dtype}  ${String(batch).padStart(5)} ${(without * 1e3).toFixed(3).padStart(9)} ${(withDropout * 1e3).toFixed(3).padStart(9)} ${(masks * 1e3).toFixed(3).padStart(12)} ${(added * 100).toFixed(1).padStart(12)}%`,
      );
      rows.push({
        bench: 'dropout',
        kernels,
        dtype,
        rows: batch,
        msWithout: without * 1e3,
        msWith: withDropout * 1e3,
        msMasks: masks * 1e3,
        masksOverStep: added,
      });
    }
  }
}
for (const row of rows) console.log(JSON.stringify(row));
