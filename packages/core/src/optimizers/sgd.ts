import type { OptimizerDefinition } from './optimizer-definition.js';

// Constants: 0 lr, 1 weight decay.

/** PyTorch SGD without momentum: p ← p − lr·(g + λ·p). No state. */
export const SGD: OptimizerDefinition = {
  summary: 'stochastic gradient descent',
  stateSlots: 0,
  defaultWeightDecay: 0,
  deriveConstants(config, _step, into) {
    into[0] = config.lr;
    into[1] = config.weightDecay;
  },
  loop(c, params, grad, _state, _paramCount, from, to, sourceParams) {
    const lr = c[0]!;
    const weightDecay = c[1]!;
    for (let i = from; i < to; i++) {
      const p = sourceParams[i]!;
      params[i] = p - lr * (grad[i]! + weightDecay * p);
    }
  },
};
