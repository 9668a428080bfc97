// The `bench:kernels` section for whole training steps: one thread, forward + backward over a
// batch of the reference workloads, then an Adam update of every parameter, on the TypeScript
// kernels and on the WebAssembly ones (everything in one shared memory, as the engine runs them).

import { blobs } from '../datasets/blobs.js';
import { allocate, DTYPES, type FloatArray } from '../dtype.js';
import type { Activation } from '../kernels/activations.js';
import { trainingFlopsPerRow } from '../mlp/flops.js';
import { forwardBackward } from '../mlp/forward-backward.js';
import { initParameters } from '../mlp/init.js';
import { createMlp, type Mlp } from '../mlp/mlp.js';
import type { RowSource } from '../mlp/row-source.js';
import { createWorkspace, type MlpWorkspace, workspaceByteLength } from '../mlp/workspace.js';
import { Optimizer, TS_OPTIMIZER_BACKEND } from '../optimizers/optimizer.js';
import { optimizerStateSize } from '../optimizers/optimizer-table.js';
import { Rng } from '../rng.js';
import { compileKernelModule } from '../wasm/kernel-module.js';
import { WasmArena } from '../wasm/wasm-arena.js';
import { WasmSliceUpdate } from '../wasm/wasm-slice-update.js';
import type { WebAssembly } from '../wasm/webassembly-types.js';
import type { BenchContext, BenchSection } from './kernels-bench.js';

const WORKLOADS: { name: string; sizes: number[]; activation: Activation; batch: number }[] = [
  { name: 'mnist', sizes: [784, 256, 10], activation: 'relu', batch: 256 },
  // One shard of mnist's batch over 16 workers: per-call costs that do not shrink with the rows.
  { name: 'mnist/16', sizes: [784, 256, 10], activation: 'relu', batch: 16 },
  { name: 'deep', sizes: [256, 512, 512, 10], activation: 'tanh', batch: 512 },
];

interface StepArrays {
  data: RowSource;
  params: FloatArray;
  grad: FloatArray;
  state: FloatArray;
  ws: MlpWorkspace;
  update: (step: number) => void;
}

/** The step's arrays on one backend: ordinary arrays and TypeScript, or all in a WebAssembly memory. */
function stepArrays(
  mlp: Mlp,
  dataset: RowSource,
  batch: number,
  module: WebAssembly.Module | null,
): StepArrays {
  const { dtype } = mlp.config;
  const count = mlp.layout.count;
  const arena =
    module &&
    new WasmArena(
      module,
      8 + (4 * count * 8 + workspaceByteLength(mlp, batch) + dataset.x.length * 8) / 2 ** 20,
    );
  const floats = (length: number) => (arena ? arena.floats(dtype, length) : allocate(dtype, length));
  const params = floats(count);
  initParameters(mlp, params, new Rng(1));
  const grad = floats(count);
  const state = floats(optimizerStateSize(ADAM.kind, count));
  const ws = arena ? arena.workspace(mlp, batch) : createWorkspace(mlp, batch);
  const source = { params, state };
  const adam = new Optimizer(
    ADAM,
    count,
    arena ? new WasmSliceUpdate(arena.memory, module!) : TS_OPTIMIZER_BACKEND,
  );
  const update = (step: number) => adam.update(params, grad, state, step, 0, count, source);
  return { data: arena ? arena.source(dataset) : dataset, params, grad, state, ws, update };
}

const ADAM = { kind: 'adam', lr: 1e-4 } as const;

export const mlpStepSection: BenchSection = {
  name: 'mlp-step',
  run(context: BenchContext) {
    const module = compileKernelModule('simd');
    context.heading(
      'MLP training step, one thread (forward + backward + Adam), both kernel backends in this run\nworkload   dtype  rows  ts ms/step  samples/s  GFLOP/s | wasm ms/step  samples/s  GFLOP/s | wasm/ts',
    );
    for (const { name, sizes, activation, batch } of WORKLOADS) {
      for (const dtype of DTYPES) {
        const mlp = createMlp({ sizes, activation, loss: 'ce', outActivation: 'identity', dtype });
        const dataset = blobs({
          samples: batch * 4,
          features: sizes[0]!,
          classes: sizes[sizes.length - 1]!,
          seed: 1,
          dtype,
        });
        const seconds = [null, module].map((backend) => {
          if (backend === null && module === null) return Number.NaN;
          const { data, params, grad, ws, update } = stepArrays(mlp, dataset, batch, backend);
          let step = 0;
          return context.medianSeconds(() => {
            const from = (step % 4) * batch;
            forwardBackward(mlp, params, grad, data, null, from, from + batch, ws);
            update(++step);
          });
        });
        const [ts, wasm] = seconds as [number, number];
        const gflops = (s: number) => (trainingFlopsPerRow(sizes) * batch) / s / 1e9;
        const cells = (s: number) =>
          `${(s * 1e3).toFixed(2).padStart(11)}${(batch / s).toFixed(0).padStart(11)}${gflops(s).toFixed(2).padStart(9)}`;
        context.report(
          {
            kernel: 'mlp-step',
            workload: name,
            sizes,
            dtype,
            rows: batch,
            ts: { msPerStep: ts * 1e3, samplesPerSecond: batch / ts, gflops: gflops(ts) },
            wasm: module
              ? { msPerStep: wasm * 1e3, samplesPerSecond: batch / wasm, gflops: gflops(wasm) }
              : null,
            wasmSpeedup: module ? ts / wasm : null,
          },
          `${name.padEnd(9)}  ${dtype}  ${String(batch).padStart(5)}${cells(ts)} |${module ? `${cells(wasm)} | ${(ts / wasm).toFixed(2)}x` : ' WebAssembly SIMD not available'}`,
        );
      }
    }
  },
};
