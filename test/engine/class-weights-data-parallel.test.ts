// Class weights keep the data-parallel step exact: with uneven shards (batch 10 over 3 workers) and
// a skewed class mix, the engine's gradient, losses and update equal a single-thread reference
// written here from PyTorch's CrossEntropyLoss(weight=w) formula: the batch gradient is
// Σ w[yᵢ]·∇lᵢ / Σ w[yᵢ], each ∇lᵢ from one row alone through core's UNweighted step. 1, 2 and 3
// workers, TypeScript and WebAssembly kernels, f64 to 1e-12; all-ones weights are bit-identical
// to none.
import {
  allocate,
  createMlp,
  createWorkspace,
  type FloatArray,
  forwardBackward,
  type MlpConfig,
  Optimizer,
  type OptimizerConfig,
} from '@shardwise/core';
import { DataParallelEngine } from '@shardwise/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { lcg, randomParams } from '../support/sources.js';

const optimizer: OptimizerConfig = { kind: 'adam', lr: 0.01 };
const base: MlpConfig = {
  sizes: [4, 5, 3],
  activation: 'tanh',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
};
const ROWS = 23; // batches of 10, 10 and 3 rows
const BATCH = 10;

/** Rows with a skewed class mix: about 70 % class 0, the rest split between 1 and 2. */
function skewedRows() {
  const next = lcg(7);
  const x = allocate('f64', ROWS * 4).map(() => next());
  const labels = Int32Array.from({ length: ROWS }, () => {
    const u = (next() + 1) / 2;
    return u < 0.7 ? 0 : u < 0.85 ? 1 : 2;
  });
  return { rows: ROWS, features: 4, outputs: 3, x, labels, targets: null };
}

/** The weighted run by the formula: per-row unweighted gradients, weighted by w[y], over Σ w[y]. */
function referenceRun(
  weights: readonly number[],
  data: ReturnType<typeof skewedRows>,
  order: Int32Array,
  initial: FloatArray,
) {
  const mlp = createMlp(base);
  const ws = createWorkspace(mlp, 1);
  const params = initial.slice();
  const rowGrad = new Float64Array(params.length);
  const grad = new Float64Array(params.length);
  const update = new Optimizer(optimizer, params.length);
  const state = allocate('f64', update.stateSize);
  const losses: number[] = [];
  const correct: number[] = [];
  const steps = Math.ceil(ROWS / BATCH);
  for (let step = 0; step < steps; step++) {
    grad.fill(0);
    let loss = 0;
    let total = 0;
    let right = 0;
    for (let i = step * BATCH; i < Math.min(ROWS, (step + 1) * BATCH); i++) {
      const w = weights[data.labels[order[i]!]!]!;
      const rowLoss = forwardBackward(mlp, params, rowGrad, data, order, i, i + 1, ws);
      for (let k = 0; k < grad.length; k++) grad[k] = grad[k]! + w * rowGrad[k]!;
      loss += w * rowLoss;
      total += w;
      right += ws.correct;
    }
    for (let k = 0; k < grad.length; k++) grad[k] = grad[k]! / total;
    losses.push(loss / total);
    correct.push(right);
    update.update(params, grad, state, step + 1, 0, params.length);
  }
  return { params, state, grad, losses, correct };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

const engines: DataParallelEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
});

async function runEngine(config: MlpConfig, workers: number, kernels: 'ts' | 'wasm', initial: FloatArray) {
  const data = skewedRows();
  const engine = DataParallelEngine.create({
    mlp: config,
    data,
    batchSize: BATCH,
    workers,
    optimizer,
    kernels,
  });
  engines.push(engine);
  engine.load(initial);
  // A fixed shuffle, so shards gather non-contiguous rows.
  engine.order.set(Int32Array.from({ length: ROWS }, (_, i) => (i * 7 + 3) % ROWS));
  const steps = engine.stepsPerEpoch();
  expect(await engine.run(0, steps)).toBe(steps);
  return { engine, data, steps };
}

// Engines are slow to start: 1/2/3 workers on the TypeScript kernels, the uneven 3-worker split
// on WebAssembly; class 0 weighing nothing makes shards of class-0 rows only weigh 0 in the step.
const cases = {
  ts: [
    [1, [0.25, 3, 1.5]],
    [2, [0, 2, 1]],
    [3, [0.25, 3, 1.5]],
  ],
  wasm: [[3, [0, 2, 1]]],
} as const;

describe.each(['ts', 'wasm'] as const)('%s kernels', (kernels) => {
  it.each(cases[kernels].map(([w, weights]) => [w, [...weights]] as const))(
    '%i workers, weights %j: equals the single-thread weighted reference',
    async (workers, weights) => {
      const initial = randomParams('f64', createMlp(base).layout.count, 42);
      const { engine, data, steps } = await runEngine(
        { ...base, classWeights: weights },
        workers,
        kernels,
        initial,
      );
      const reference = referenceRun(weights, data, engine.order, initial);
      expect(maxAbsDiff(engine.lastGradient, reference.grad)).toBeLessThan(1e-12);
      expect(maxAbsDiff(engine.parameters, reference.params)).toBeLessThan(1e-12);
      expect(maxAbsDiff(engine.optimizerState, reference.state)).toBeLessThan(1e-12);
      for (let s = 0; s < steps; s++) {
        expect(Math.abs(engine.stepLoss(s) - reference.losses[s]!)).toBeLessThan(1e-12);
        // Accuracy stays unweighted: every row counts, a weight-0 shard's rows too.
        expect(engine.stepCorrect(s)).toBe(reference.correct[s]);
      }
      await engine.close();
    },
  );

  it.runIf(kernels === 'ts')(
    'all-ones weights give bit for bit the unweighted run (3 workers, uneven shards)',
    async () => {
      const initial = randomParams('f64', createMlp(base).layout.count, 5);
      const plain = await runEngine(base, 3, kernels, initial);
      const ones = await runEngine({ ...base, classWeights: [1, 1, 1] }, 3, kernels, initial);
      expect(Array.from(ones.engine.parameters)).toEqual(Array.from(plain.engine.parameters));
      for (let s = 0; s < plain.steps; s++) {
        expect(Object.is(ones.engine.stepLoss(s), plain.engine.stepLoss(s))).toBe(true);
        expect(ones.engine.stepCorrect(s)).toBe(plain.engine.stepCorrect(s));
      }
      await Promise.all([plain.engine.close(), ones.engine.close()]);
    },
  );
});
