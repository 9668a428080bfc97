import type { FloatArray } from '../dtype.js';
import {
  type ActivationDefinition,
  type ActivationParameters,
  DEFAULT_ACTIVATION_PARAMETERS,
} from './activation-definition.js';
import { gelu, geluDerivative, geluTanh, geluTanhDerivative } from './gelu-math.js';
import type { OutputActivation } from './mse.js';

/** Hidden-layer nonlinearities: the names of {@link ACTIVATION_TABLE} that may follow a hidden layer. */
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'gelu' | 'gelu_tanh';

/** Every name in the table: the hidden activations and the output activations of mse. */
export type ActivationName = Activation | OutputActivation;

/** y = f(z) in place, each element on its own. */
function map(f: (z: number, p: ActivationParameters) => number): ActivationDefinition['forward'] {
  return (a, offset, length, p) => {
    const end = offset + length;
    for (let i = offset; i < end; i++) a[i] = f(a[i]!, p);
  };
}

/** grad ⊙= f′, with f′ a function of the saved value. */
function scale(
  derivative: (saved: number, p: ActivationParameters) => number,
): ActivationDefinition['backward'] {
  return (saved, savedOffset, grad, gradOffset, length, p) => {
    for (let i = 0; i < length; i++) {
      grad[gradOffset + i] = grad[gradOffset + i]! * derivative(saved[savedOffset + i]!, p);
    }
  };
}

/** Glorot uniform with gain 1: the project's choice for sigmoid and tanh (PyTorch's `xavier_uniform_`). */
const GLOROT = { scheme: 'glorot-uniform', gainSquared: 1 } as const;
/** He normal with relu's gain² of 2 (PyTorch's `kaiming_normal_(nonlinearity='relu')`). */
const HE = { scheme: 'he-normal', gainSquared: 2 } as const;

// The table, checked to hold exactly one definition per name.
const DEFINITIONS = {
  identity: {
    torch: 'nn.Identity()',
    saves: 'output',
    forward: () => {},
    backward: () => {},
    init: () => GLOROT, // calculate_gain('linear') = 1
  },
  sigmoid: {
    torch: 'nn.Sigmoid()',
    saves: 'output',
    forward: map((z) => 1 / (1 + Math.exp(-z))),
    // σ' = y(1 − y), multiplied in this order: (g·y)·(1 − y)
    backward: (y, yOffset, grad, gradOffset, length) => {
      for (let i = 0; i < length; i++) {
        const v = y[yOffset + i]!;
        grad[gradOffset + i] = grad[gradOffset + i]! * v * (1 - v);
      }
    },
    init: () => GLOROT,
  },
  tanh: {
    torch: 'nn.Tanh()',
    saves: 'output',
    forward: map((z) => Math.tanh(z)),
    backward: scale((y) => 1 - y * y),
    // calculate_gain('tanh') is 5/3; the project has always used Glorot's gain 1 for tanh.
    init: () => GLOROT,
  },
  relu: {
    torch: 'nn.ReLU()',
    saves: 'output',
    // biome-ignore lint/complexity/useMathMinMax: not Math.max, which keeps NaN: the kernels give 0 for it
    forward: map((z) => (z > 0 ? z : 0)),
    // relu' = [y > 0]: y > 0 exactly when z > 0. (Not a product, so that 0·∞ gives 0, as PyTorch.)
    backward: (y, yOffset, grad, gradOffset, length) => {
      for (let i = 0; i < length; i++) if (!(y[yOffset + i]! > 0)) grad[gradOffset + i] = 0;
    },
    init: () => HE,
  },
  leaky_relu: {
    torch: 'nn.LeakyReLU(negative_slope)',
    saves: 'output',
    forward: map((z, p) => (z > 0 ? z : z * p.negativeSlope)),
    // With a slope ≥ 0, y > 0 exactly when z > 0, so the output decides (as for in-place LeakyReLU
    // in PyTorch, which also requires a slope ≥ 0); at z = 0 the slope, as PyTorch.
    backward: (y, yOffset, grad, gradOffset, length, p) => {
      for (let i = 0; i < length; i++) {
        if (!(y[yOffset + i]! > 0)) grad[gradOffset + i] = grad[gradOffset + i]! * p.negativeSlope;
      }
    },
    // kaiming_normal_(a=negative_slope, nonlinearity='leaky_relu'): gain² = 2 / (1 + slope²)
    init: (p) => ({ scheme: 'he-normal', gainSquared: 2 / (1 + p.negativeSlope * p.negativeSlope) }),
  },
  gelu: {
    torch: "nn.GELU(approximate='none')",
    saves: 'input',
    forward: map(gelu),
    backward: scale(geluDerivative),
    // calculate_gain has no entry for GELU; it is relu-like for |x| ≫ 1, so relu's.
    init: () => HE,
  },
  gelu_tanh: {
    torch: "nn.GELU(approximate='tanh')",
    saves: 'input',
    forward: map(geluTanh),
    backward: scale(geluTanhDerivative),
    init: () => HE,
  },
} as const satisfies Record<ActivationName, ActivationDefinition>;

/**
 * One definition per activation: forward and backward side by side, what the backward reads, the
 * initialisation and the matching PyTorch module. A name without an entry fails to compile; the
 * WebAssembly kernels (scripts/activation-wat.mjs) hold the same names and the runtime refuses to
 * start if one is missing there.
 */
export const ACTIVATION_TABLE: Readonly<Record<ActivationName, ActivationDefinition>> = DEFINITIONS;

/** Every supported hidden-layer {@link Activation}, in the table's order. */
export const ACTIVATIONS: readonly Activation[] = (Object.keys(ACTIVATION_TABLE) as ActivationName[]).filter(
  (name): name is Activation => name !== 'identity',
);

/** The definition of `name`, or a clear error for a name that is not in the table. */
export function activationDefinition(name: ActivationName): ActivationDefinition {
  const definition: ActivationDefinition | undefined = Object.hasOwn(ACTIVATION_TABLE, name)
    ? ACTIVATION_TABLE[name]
    : undefined;
  if (!definition) throw new Error(`unknown activation "${name}"`);
  return definition;
}

/** Applies `kind` in place to `length` elements of `a` from `offset`. */
export function activationForward(
  kind: ActivationName,
  a: FloatArray,
  offset: number,
  length: number,
  p: ActivationParameters = DEFAULT_ACTIVATION_PARAMETERS,
): void {
  activationDefinition(kind).forward(a, offset, length, p);
}

/**
 * Multiplies the upstream gradient `grad` in place by the activation's derivative, computed from
 * what the forward pass saved for it (`ACTIVATION_TABLE[kind].saves`): the OUTPUT y for sigmoid
 * (y(1 − y)), tanh (1 − y²), relu and leaky_relu (by the sign of y), the INPUT z for gelu and
 * gelu_tanh.
 */
export function activationBackward(
  kind: ActivationName,
  saved: FloatArray,
  savedOffset: number,
  grad: FloatArray,
  gradOffset: number,
  length: number,
  p: ActivationParameters = DEFAULT_ACTIVATION_PARAMETERS,
): void {
  activationDefinition(kind).backward(saved, savedOffset, grad, gradOffset, length, p);
}
