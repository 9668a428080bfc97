import type { OptimizerDefinition } from './optimizer-definition.js';

// Adam and AdamW are one definition, as in PyTorch (AdamW is Adam with decoupled weight decay):
// only where the weight decay goes differs. Constants, shared with the WebAssembly kernel:
//   0 stepSize = lr / (1 − β1^t)        1 scale = sqrt(1 − β2^t)
//   2 w1 = 1 − β1                        3 1 − w1 (lerp's other form)
//   4 β2                                 5 w2 = 1 − β2
//   6 ε                                  7 coupled decay λ (Adam; 0 for AdamW)
//   8 p's factor 1 − lr·λ (AdamW; 1 for Adam)
//   9 lerp from the start (1) or the end (0): torch.lerp switches form at weight 0.5

/**
 * PyTorch Adam (decoupled = false) or AdamW (true), without amsgrad, in PyTorch's own order of
 * operations: g' = g + λ·p (Adam) or p ← p·(1 − lr·λ) (AdamW); m ← lerp(m, g', 1 − β1);
 * v ← β2·v + (1 − β2)·g'²; p ← p − stepSize · m / (sqrt(v) / scale + ε). State: m, then v.
 */
function adamDefinition(decoupled: boolean): OptimizerDefinition {
  return {
    summary: decoupled ? 'Adam with decoupled weight decay (torch.optim.AdamW)' : 'Adam (torch.optim.Adam)',
    stateSlots: 2,
    defaultWeightDecay: decoupled ? 0.01 : 0,
    deriveConstants(config, step, into) {
      const { lr, beta1, beta2, epsilon, weightDecay } = config;
      const firstMomentWeight = 1 - beta1;
      into[0] = lr / (1 - beta1 ** step);
      into[1] = Math.sqrt(1 - beta2 ** step);
      into[2] = firstMomentWeight;
      into[3] = 1 - firstMomentWeight;
      into[4] = beta2;
      into[5] = 1 - beta2;
      into[6] = epsilon;
      into[7] = decoupled ? 0 : weightDecay;
      into[8] = decoupled ? 1 - lr * weightDecay : 1;
      into[9] = firstMomentWeight < 0.5 ? 1 : 0;
    },
    loop: adamLoop,
  };
}

const adamLoop: OptimizerDefinition['loop'] = (
  c,
  params,
  grad,
  state,
  paramCount,
  from,
  to,
  sourceParams,
  sourceState,
) => {
  const stepSize = c[0]!;
  const scale = c[1]!;
  const w1 = c[2]!;
  const oneMinusW1 = c[3]!;
  const beta2 = c[4]!;
  const w2 = c[5]!;
  const epsilon = c[6]!;
  const coupledDecay = c[7]!;
  const paramFactor = c[8]!;
  const lerpFromStart = c[9] !== 0;
  for (let i = from; i < to; i++) {
    const p = sourceParams[i]!;
    const g = grad[i]! + coupledDecay * p;
    const previous = sourceState[i]!;
    const m = lerpFromStart ? previous + w1 * (g - previous) : g - (g - previous) * oneMinusW1;
    const v = beta2 * sourceState[paramCount + i]! + w2 * (g * g);
    state[i] = m;
    state[paramCount + i] = v;
    params[i] = p * paramFactor - stepSize * (m / (Math.sqrt(v) / scale + epsilon));
  }
};

/** PyTorch Adam with coupled (L2) weight decay. */
export const ADAM: OptimizerDefinition = adamDefinition(false);

/** PyTorch AdamW: weight decay applied to the parameters, not through the moments. */
export const ADAMW: OptimizerDefinition = adamDefinition(true);
