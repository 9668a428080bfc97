import type { OptimizerDefinition } from './optimizer-definition.js';

// Constants: 0 lr, 1 momentum μ, 2 weight decay, 3 Nesterov (1 or 0).

/**
 * PyTorch SGD with momentum (dampening 0): g' = g + λ·p, v ← μ·v + g', then p ← p − lr·v, or
 * p ← p − lr·(g' + μ·v) with Nesterov. State: the velocity v.
 */
export const MOMENTUM: OptimizerDefinition = {
  summary: 'SGD with heavy-ball momentum (optionally Nesterov)',
  stateSlots: 1,
  defaultWeightDecay: 0,
  deriveConstants(config, _step, into) {
    into[0] = config.lr;
    into[1] = config.momentum;
    into[2] = config.weightDecay;
    into[3] = config.nesterov ? 1 : 0;
  },
  loop(c, params, grad, velocity, _paramCount, from, to, sourceParams, sourceVelocity) {
    const lr = c[0]!;
    const momentum = c[1]!;
    const weightDecay = c[2]!;
    const nesterov = c[3] !== 0;
    for (let i = from; i < to; i++) {
      const p = sourceParams[i]!;
      const g = grad[i]! + weightDecay * p;
      const v = momentum * sourceVelocity[i]! + g;
      velocity[i] = v;
      params[i] = p - lr * (nesterov ? g + momentum * v : v);
    }
  },
};
