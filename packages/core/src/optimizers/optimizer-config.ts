import type { OptimizerKind } from './optimizer-kinds.js';

/** An optimizer and its hyperparameters; omitted options take the optimizer's defaults. */
export interface OptimizerConfig {
  /** Which optimizer: `'sgd'`, `'momentum'`, `'adam'` or `'adamw'`. */
  kind: OptimizerKind;
  /** Learning rate, a finite number > 0. */
  lr: number;
  /** Momentum factor μ, default 0.9 (kind 'momentum' only). */
  momentum?: number;
  /** Nesterov momentum, default false (kind 'momentum' only). */
  nesterov?: boolean;
  /**
   * Weight decay λ ≥ 0: coupled L2 (λ·p added to the gradient) for sgd, momentum and adam, default
   * 0; decoupled (p ← p − lr·λ·p before the step) for adamw, default 0.01 — PyTorch's defaults.
   */
  weightDecay?: number;
  /** Adam/AdamW β1, default 0.9. */
  beta1?: number;
  /** Adam/AdamW β2, default 0.999. */
  beta2?: number;
  /** Adam/AdamW ε, default 1e-8. */
  epsilon?: number;
}

/** A config with every option filled in and checked (see `resolveOptimizer`). */
export type ResolvedOptimizerConfig = Readonly<Required<OptimizerConfig>>;

/** The defaults of the options every optimizer shares (as in PyTorch); weight decay's is per optimizer. */
export const OPTIMIZER_DEFAULTS = {
  /** Momentum factor μ (kind 'momentum'). */
  momentum: 0.9,
  /** Plain (heavy-ball) momentum, not Nesterov. */
  nesterov: false,
  /** Adam's first-moment decay β1. */
  beta1: 0.9,
  /** Adam's second-moment decay β2. */
  beta2: 0.999,
  /** Adam's ε, added to the denominator. */
  epsilon: 1e-8,
} as const;
