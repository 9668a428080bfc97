import { ADAM, ADAMW } from './adam.js';
import { MOMENTUM } from './momentum.js';
import type { OptimizerConfig, ResolvedOptimizerConfig } from './optimizer-config.js';
import { OPTIMIZER_DEFAULTS } from './optimizer-config.js';
import type { OptimizerDefinition } from './optimizer-definition.js';
import { OPTIMIZER_KINDS, type OptimizerKind } from './optimizer-kinds.js';
import { SGD } from './sgd.js';

/** Every optimizer's definition by name; a name without one fails to compile. */
export const OPTIMIZERS = {
  /** torch.optim.SGD without momentum. */
  sgd: SGD,
  /** torch.optim.SGD with momentum (dampening 0), optionally Nesterov. */
  momentum: MOMENTUM,
  /** torch.optim.Adam (coupled L2 weight decay). */
  adam: ADAM,
  /** torch.optim.AdamW (decoupled weight decay, default 0.01). */
  adamw: ADAMW,
} as const satisfies Record<OptimizerKind, OptimizerDefinition>;

/** The definition of `kind`; throws for a name that is not one (e.g. from an untrusted file). */
export function optimizerDefinition(kind: OptimizerKind): OptimizerDefinition {
  if (!Object.hasOwn(OPTIMIZERS, kind)) {
    throw new Error(`optimizer kind must be one of ${OPTIMIZER_KINDS.join(', ')}, got ${kind}`);
  }
  return OPTIMIZERS[kind];
}

/** Elements of optimizer state for `paramCount` parameters (sgd 0, momentum P, adam and adamw 2P). */
export function optimizerStateSize(kind: OptimizerKind, paramCount: number): number {
  return optimizerDefinition(kind).stateSlots * paramCount;
}

/**
 * Checks a config and fills in the defaults (PyTorch's, per optimizer); throws an `Error` naming
 * the first invalid option. Call once, when the optimizer is configured.
 */
export function resolveOptimizer(config: OptimizerConfig): ResolvedOptimizerConfig {
  const definition = optimizerDefinition(config.kind);
  const resolved: ResolvedOptimizerConfig = {
    kind: config.kind,
    lr: config.lr,
    momentum: config.momentum ?? OPTIMIZER_DEFAULTS.momentum,
    nesterov: config.nesterov ?? OPTIMIZER_DEFAULTS.nesterov,
    weightDecay: config.weightDecay ?? definition.defaultWeightDecay,
    beta1: config.beta1 ?? OPTIMIZER_DEFAULTS.beta1,
    beta2: config.beta2 ?? OPTIMIZER_DEFAULTS.beta2,
    epsilon: config.epsilon ?? OPTIMIZER_DEFAULTS.epsilon,
  };
  const { lr, momentum, nesterov, weightDecay, beta1, beta2, epsilon } = resolved;
  if (!(Number.isFinite(lr) && lr > 0))
    throw new Error(`optimizer lr must be a finite number > 0, got ${lr}`);
  if (!(momentum >= 0 && momentum < 1))
    throw new Error(`optimizer momentum must be in [0, 1), got ${momentum}`);
  if (typeof nesterov !== 'boolean') throw new Error(`optimizer nesterov must be a boolean, got ${nesterov}`);
  if (!(Number.isFinite(weightDecay) && weightDecay >= 0)) {
    throw new Error(`optimizer weightDecay must be a finite number ≥ 0, got ${weightDecay}`);
  }
  if (!(beta1 >= 0 && beta1 < 1)) throw new Error(`optimizer beta1 must be in [0, 1), got ${beta1}`);
  if (!(beta2 >= 0 && beta2 < 1)) throw new Error(`optimizer beta2 must be in [0, 1), got ${beta2}`);
  if (!(Number.isFinite(epsilon) && epsilon > 0)) {
    throw new Error(`optimizer epsilon must be a finite number > 0, got ${epsilon}`);
  }
  return resolved;
}
