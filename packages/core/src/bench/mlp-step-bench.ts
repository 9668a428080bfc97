// The `bench:kernels` section for whole training steps: one thread, forward + backward over a
// batch of the reference workloads, then an Adam update of every parameter.
import { blobs } from '../datasets/blobs.js';
import { allocate, DTYPES } from '../dtype.js';
import type { Activation } from '../kernels/activations.js';
import { forwardBackward } from '../mlp/forward-backward.js';
import { initParameters } from '../mlp/init.js';
import { createMlp } from '../mlp/mlp.js';
import { createWorkspace } from '../mlp/workspace.js';
import { applyOptimizer, optimizerStateSize } from '../optimizers.js';
import { Rng } from '../rng.js';
import type { BenchContext, BenchSection } from './kernels-bench.js';

const WORKLOADS: { name: string; sizes: number[]; activation: Activation; batch: number }[] = [
  { name: 'mnist', sizes: [784, 256, 10], activation: 'relu', batch: 256 },
  { name: 'deep', sizes: [256, 512, 512, 10], activation: 'tanh', batch: 512 },
];

/** Flops of one step per row: 2·in·out forward and for dW, plus 2·in·out for dX above layer 0. */
function stepFlopsPerRow(sizes: readonly number[]): number {
  let flops = 0;
  for (let l = 0; l + 1 < sizes.length; l++) flops += (l === 0 ? 4 : 6) * sizes[l]! * sizes[l + 1]!;
  return flops;
}

export const mlpStepSection: BenchSection = {
  name: 'mlp-step',
  run(context: BenchContext) {
    context.heading(
      'MLP training step, one thread (forward + backward + Adam)\nworkload  dtype  batch   ms/step   samples/s   GFLOP/s',
    );
    for (const { name, sizes, activation, batch } of WORKLOADS) {
      for (const dtype of DTYPES) {
        const mlp = createMlp({ sizes, activation, loss: 'ce', outActivation: 'identity', dtype });
        const data = blobs({
          samples: batch * 4,
          features: sizes[0]!,
          classes: sizes[sizes.length - 1]!,
          seed: 1,
          dtype,
        });
        const params = allocate(dtype, mlp.layout.count);
        initParameters(mlp, params, new Rng(1));
        const grad = allocate(dtype, params.length);
        const state = allocate(dtype, optimizerStateSize('adam', params.length));
        const ws = createWorkspace(mlp, batch);
        let step = 0;
        const seconds = context.medianSeconds(() => {
          const from = (step % 4) * batch;
          forwardBackward(mlp, params, grad, data, null, from, from + batch, ws);
          applyOptimizer(
            { kind: 'adam', lr: 1e-4 },
            params,
            grad,
            state,
            params.length,
            ++step,
            0,
            params.length,
          );
        });
        const gflops = (stepFlopsPerRow(sizes) * batch) / seconds / 1e9;
        context.report(
          {
            kernel: 'mlp-step',
            workload: name,
            sizes,
            dtype,
            batch,
            msPerStep: seconds * 1e3,
            samplesPerSecond: batch / seconds,
            gflops,
          },
          `${name.padEnd(8)}  ${dtype}    ${String(batch).padStart(5)}  ${(seconds * 1e3).toFixed(2).padStart(8)}  ${(batch / seconds).toFixed(0).padStart(10)}  ${gflops.toFixed(2).padStart(8)}`,
        );
      }
    }
  },
};
