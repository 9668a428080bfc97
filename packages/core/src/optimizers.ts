import type { FloatArray } from './dtype.js';

/**
 * Parameter updates on flat buffers, with the semantics of PyTorch's torch.optim (SGD with
 * dampening 0, Adam without amsgrad) so runs can be checked against PyTorch. Every update is
 * elementwise, so any slice [from, to) can be updated on its own: threads may update disjoint
 * slices of the same params/grad/state buffers at the same time.
 */

export type OptimizerKind = 'sgd' | 'momentum' | 'adam';

/** Every supported {@link OptimizerKind}. */
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = ['sgd', 'momentum', 'adam'];

/** An optimizer and its hyperparameters; omitted options take {@link OPTIMIZER_DEFAULTS}. */
export interface OptimizerConfig {
  /** `'sgd'`, `'momentum'` (heavy ball, optionally Nesterov) or `'adam'`. */
  kind: OptimizerKind;
  /** Learning rate, a finite number > 0. */
  lr: number;
  /** Momentum factor μ, default 0.9 (kind 'momentum' only). */
  momentum?: number;
  /** Nesterov momentum, default false (kind 'momentum' only). */
  nesterov?: boolean;
  /** Coupled L2 weight decay (added to the gradient), default 0, all kinds. */
  weightDecay?: number;
  /** Adam β1, default 0.9. */
  beta1?: number;
  /** Adam β2, default 0.999. */
  beta2?: number;
  /** Adam ε, default 1e-8. */
  epsilon?: number;
}

/** A config with every option filled in. */
export type ResolvedOptimizerConfig = Readonly<Required<OptimizerConfig>>;

/** The values {@link resolveOptimizer} and {@link applyOptimizer} use for omitted options (as in PyTorch). */
export const OPTIMIZER_DEFAULTS = {
  /** Momentum factor μ (kind 'momentum'). */
  momentum: 0.9,
  /** Plain (heavy-ball) momentum, not Nesterov. */
  nesterov: false,
  /** No weight decay. */
  weightDecay: 0,
  /** Adam's first-moment decay β1. */
  beta1: 0.9,
  /** Adam's second-moment decay β2. */
  beta2: 0.999,
  /** Adam's ε, added to the denominator. */
  epsilon: 1e-8,
} as const;

/** Throws an `Error` naming the first invalid option. Takes resolved values so it never allocates. */
function checkOptions(
  kind: OptimizerKind,
  lr: number,
  momentum: number,
  weightDecay: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): void {
  if (kind !== 'sgd' && kind !== 'momentum' && kind !== 'adam') {
    throw new Error(`optimizer kind must be one of ${OPTIMIZER_KINDS.join(', ')}, got ${kind}`);
  }
  if (!(Number.isFinite(lr) && lr > 0))
    throw new Error(`optimizer lr must be a finite number > 0, got ${lr}`);
  if (!(momentum >= 0 && momentum < 1))
    throw new Error(`optimizer momentum must be in [0, 1), got ${momentum}`);
  if (!(Number.isFinite(weightDecay) && weightDecay >= 0)) {
    throw new Error(`optimizer weightDecay must be a finite number ≥ 0, got ${weightDecay}`);
  }
  if (!(beta1 >= 0 && beta1 < 1)) throw new Error(`optimizer beta1 must be in [0, 1), got ${beta1}`);
  if (!(beta2 >= 0 && beta2 < 1)) throw new Error(`optimizer beta2 must be in [0, 1), got ${beta2}`);
  if (!(Number.isFinite(epsilon) && epsilon > 0)) {
    throw new Error(`optimizer epsilon must be a finite number > 0, got ${epsilon}`);
  }
}

/** Validates a config and fills in the defaults; call once at startup (e.g. to log or checkpoint it). */
export function resolveOptimizer(config: OptimizerConfig): ResolvedOptimizerConfig {
  const resolved: ResolvedOptimizerConfig = {
    kind: config.kind,
    lr: config.lr,
    momentum: config.momentum ?? OPTIMIZER_DEFAULTS.momentum,
    nesterov: config.nesterov ?? OPTIMIZER_DEFAULTS.nesterov,
    weightDecay: config.weightDecay ?? OPTIMIZER_DEFAULTS.weightDecay,
    beta1: config.beta1 ?? OPTIMIZER_DEFAULTS.beta1,
    beta2: config.beta2 ?? OPTIMIZER_DEFAULTS.beta2,
    epsilon: config.epsilon ?? OPTIMIZER_DEFAULTS.epsilon,
  };
  checkOptions(
    resolved.kind,
    resolved.lr,
    resolved.momentum,
    resolved.weightDecay,
    resolved.beta1,
    resolved.beta2,
    resolved.epsilon,
  );
  return resolved;
}

/** Elements of optimizer state per model: sgd 0, momentum P (velocity), adam 2P (m then v). */
export function optimizerStateSize(kind: OptimizerKind, paramCount: number): number {
  if (kind === 'sgd') return 0;
  if (kind === 'momentum') return paramCount;
  if (kind === 'adam') return 2 * paramCount;
  throw new Error(`optimizer kind must be one of ${OPTIMIZER_KINDS.join(', ')}, got ${kind}`);
}

/**
 * The element loops of the three optimizers over [from, to), every constant already derived by
 * `applyOptimizer`, which validates the call first: the TypeScript loops ({@link TS_OPTIMIZER_LOOPS})
 * or WebAssembly ones over a shared memory (`WasmSliceUpdate`). Each reads the current values from
 * the `source` arrays and writes the updated ones to the others (the same arrays in place).
 */
export interface OptimizerLoops {
  /** p ← p − lr·(g + wd·p). */
  sgd(
    lr: number,
    weightDecay: number,
    params: FloatArray,
    grad: FloatArray,
    from: number,
    to: number,
    sourceParams: FloatArray,
  ): void;
  /** PyTorch SGD with momentum (dampening 0): v = μv + g'; p −= lr·v, or lr·(g' + μv) with Nesterov. */
  momentum(
    lr: number,
    momentum: number,
    nesterov: boolean,
    weightDecay: number,
    params: FloatArray,
    grad: FloatArray,
    velocity: FloatArray,
    from: number,
    to: number,
    sourceParams: FloatArray,
    sourceVelocity: FloatArray,
  ): void;
  /**
   * PyTorch Adam, in its own order of operations: m ← m + (1−β1)(g' − m) (its lerp, from the other
   * end when `lerpFromStart` is false), v ← β2·v + (1−β2)·g'², p ← p − stepSize · m / (sqrt(v) /
   * secondMomentScale + ε). m lives at state[0, P), v at state[P, 2P) with P = paramCount.
   */
  adam(
    stepSize: number,
    secondMomentScale: number,
    firstMomentWeight: number,
    lerpFromStart: boolean,
    beta2: number,
    epsilon: number,
    weightDecay: number,
    params: FloatArray,
    grad: FloatArray,
    state: FloatArray,
    paramCount: number,
    from: number,
    to: number,
    sourceParams: FloatArray,
    sourceState: FloatArray,
  ): void;
}

/** The optimizer loops on plain typed arrays: the reference the WebAssembly ones match bit for bit. */
export const TS_OPTIMIZER_LOOPS: OptimizerLoops = {
  sgd(lr, weightDecay, params, grad, from, to, sourceParams) {
    for (let i = from; i < to; i++) {
      const p = sourceParams[i]!;
      params[i] = p - lr * (grad[i]! + weightDecay * p);
    }
  },
  momentum(
    lr,
    momentum,
    nesterov,
    weightDecay,
    params,
    grad,
    velocity,
    from,
    to,
    sourceParams,
    sourceVelocity,
  ) {
    for (let i = from; i < to; i++) {
      const p = sourceParams[i]!;
      const g = grad[i]! + weightDecay * p;
      const v = momentum * sourceVelocity[i]! + g;
      velocity[i] = v;
      params[i] = p - lr * (nesterov ? g + momentum * v : v);
    }
  },
  adam(
    stepSize,
    secondMomentScale,
    firstMomentWeight,
    lerpFromStart,
    beta2,
    epsilon,
    weightDecay,
    params,
    grad,
    state,
    paramCount,
    from,
    to,
    sourceParams,
    sourceState,
  ) {
    const secondMomentWeight = 1 - beta2;
    for (let i = from; i < to; i++) {
      const p = sourceParams[i]!;
      const g = grad[i]! + weightDecay * p;
      const previous = sourceState[i]!;
      const m = lerpFromStart
        ? previous + firstMomentWeight * (g - previous)
        : g - (g - previous) * (1 - firstMomentWeight);
      const v = beta2 * sourceState[paramCount + i]! + secondMomentWeight * (g * g);
      state[i] = m;
      state[paramCount + i] = v;
      params[i] = p - stepSize * (m / (Math.sqrt(v) / secondMomentScale + epsilon));
    }
  },
};

/**
 * Applies one update to params[from, to) from grad[from, to) (grad is not modified), reading and
 * writing the matching slice of `state` (laid out as `optimizerStateSize` says). `step` is the
 * 1-based count of updates including this one (Adam's bias correction). Takes a plain or resolved
 * config: defaults are read into locals and checked with a few comparisons, so nothing is allocated.
 * With `source`, the current parameters and state are read from there and the updated ones written
 * to `params` and `state` — one pass, for callers that keep the committed values (double buffering).
 * `loops` run the elements: TypeScript by default, or WebAssembly (`WasmSliceUpdate`).
 */
export function applyOptimizer(
  config: OptimizerConfig,
  params: FloatArray,
  grad: FloatArray,
  state: FloatArray,
  paramCount: number,
  step: number,
  from: number,
  to: number,
  source?: { readonly params: FloatArray; readonly state: FloatArray },
  loops: OptimizerLoops = TS_OPTIMIZER_LOOPS,
): void {
  const kind = config.kind;
  const lr = config.lr;
  const momentum = config.momentum ?? OPTIMIZER_DEFAULTS.momentum;
  const nesterov = config.nesterov ?? OPTIMIZER_DEFAULTS.nesterov;
  const weightDecay = config.weightDecay ?? OPTIMIZER_DEFAULTS.weightDecay;
  const beta1 = config.beta1 ?? OPTIMIZER_DEFAULTS.beta1;
  const beta2 = config.beta2 ?? OPTIMIZER_DEFAULTS.beta2;
  const epsilon = config.epsilon ?? OPTIMIZER_DEFAULTS.epsilon;
  checkOptions(kind, lr, momentum, weightDecay, beta1, beta2, epsilon);

  if (!(Number.isSafeInteger(paramCount) && paramCount >= 0)) {
    throw new Error(`applyOptimizer: paramCount must be a non-negative integer, got ${paramCount}`);
  }
  if (
    !(Number.isSafeInteger(from) && Number.isSafeInteger(to) && 0 <= from && from <= to && to <= paramCount)
  ) {
    throw new Error(`applyOptimizer: slice [${from}, ${to}) is not inside [0, ${paramCount})`);
  }
  if (params.length < paramCount || grad.length < paramCount) {
    throw new Error(
      `applyOptimizer: params (${params.length}) and grad (${grad.length}) must hold paramCount (${paramCount}) values`,
    );
  }
  const stateNeeded = optimizerStateSize(kind, paramCount);
  if (state.length < stateNeeded) {
    throw new Error(`applyOptimizer: ${kind} needs ${stateNeeded} state values, got ${state.length}`);
  }
  if (!(Number.isSafeInteger(step) && step >= 1)) {
    throw new Error(`applyOptimizer: step must be an integer ≥ 1 (1-based update count), got ${step}`);
  }

  const sourceParams = source?.params ?? params;
  const sourceState = source?.state ?? state;
  if (kind === 'sgd') loops.sgd(lr, weightDecay, params, grad, from, to, sourceParams);
  else if (kind === 'momentum') {
    loops.momentum(
      lr,
      momentum,
      nesterov,
      weightDecay,
      params,
      grad,
      state,
      from,
      to,
      sourceParams,
      sourceState,
    );
  } else {
    const firstMomentWeight = 1 - beta1;
    loops.adam(
      lr / (1 - beta1 ** step),
      Math.sqrt(1 - beta2 ** step),
      firstMomentWeight,
      // torch.lerp switches form at weight 0.5 for accuracy; follow it to round as PyTorch does.
      firstMomentWeight < 0.5,
      beta2,
      epsilon,
      weightDecay,
      params,
      grad,
      state,
      paramCount,
      from,
      to,
      sourceParams,
      sourceState,
    );
  }
}
