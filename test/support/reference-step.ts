// The single-thread oracle for the engine: the whole batch through core's forwardBackward, then
// the optimizer over the whole parameter vector.
import {
  allocate,
  createMlp,
  createWorkspace,
  type DropoutConfig,
  DropoutStep,
  dtypeOf,
  type FloatArray,
  forwardBackward,
  type MlpConfig,
  Optimizer,
  type OptimizerConfig,
  type RowSource,
} from '@shardwise/core';

export interface ReferenceRun {
  params: FloatArray;
  state: FloatArray;
  lastGradient: FloatArray;
  losses: number[];
}

/**
 * Trains `steps` consecutive batches of `order` single-threaded from `initial` parameters, `epochs`
 * times over (with `dropout`, the masks of global steps 0, 1, … across the epochs).
 */
export function referenceRun(
  config: MlpConfig,
  data: RowSource & { rows: number },
  order: Int32Array,
  batchSize: number,
  optimizer: OptimizerConfig,
  initial: FloatArray,
  steps: number,
  dropout?: DropoutConfig,
  epochs = 1,
): ReferenceRun {
  const mlp = createMlp(config);
  const params = initial.slice();
  const grad = initial.slice().fill(0);
  const update = new Optimizer(optimizer, params.length);
  const state = allocate(dtypeOf(initial), update.stateSize);
  const ws = createWorkspace(mlp, batchSize, { dropout: dropout?.rates ?? [] });
  const masks = dropout ? new DropoutStep(dropout) : null;
  const losses: number[] = [];
  for (let global = 0; global < epochs * steps; global++) {
    const from = (global % steps) * batchSize;
    const to = Math.min(from + batchSize, data.rows);
    if (masks) masks.step = global;
    losses.push(forwardBackward(mlp, params, grad, data, order, from, to, ws, masks));
    update.update(params, grad, state, global + 1, 0, params.length);
  }
  return { params, state, lastGradient: grad, losses };
}
