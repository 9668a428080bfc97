import type { FloatArray } from '../dtype.js';

/** The settings an activation may take; each definition reads only its own. */
export interface ActivationParameters {
  /** Slope for negative inputs of `leaky_relu` (PyTorch's `negative_slope`), ≥ 0. */
  readonly negativeSlope: number;
}

/** The settings every activation starts from: PyTorch's defaults. */
export const DEFAULT_ACTIVATION_PARAMETERS: ActivationParameters = { negativeSlope: 0.01 };

/**
 * How the weights of a network with this hidden activation are drawn (biases start at zero), with
 * PyTorch's `calculate_gain` as the gain: 'he-normal' is `kaiming_normal_` (fan_in),
 * N(0, gain²/inputs); 'glorot-uniform' is `xavier_uniform_`, U(±gain·√(6/(inputs+outputs))).
 */
export interface WeightInit {
  /** The distribution. */
  readonly scheme: 'he-normal' | 'glorot-uniform';
  /** gain², so that the standard deviation or limit is one square root. */
  readonly gainSquared: number;
}

/**
 * Everything about one activation: its forward and its backward (side by side in the table), what
 * the backward needs saved from the forward pass, and its initialisation. Its WebAssembly code sits
 * in scripts/layer-wat.mjs under the same name; the runtime reads the code number from the module.
 */
export interface ActivationDefinition {
  /** The PyTorch module that computes the same function (what to put between the `nn.Linear`s). */
  readonly torch: string;
  /**
   * What the backward pass reads: the activation's output y (relu, sigmoid, …: the derivative is a
   * function of y), or its input z (gelu: it is not), which the forward pass then keeps too.
   */
  readonly saves: 'output' | 'input';
  /**
   * y = f(z) in place over `a[offset .. offset + length)`, computed in float64 (JavaScript numbers)
   * and rounded to the array's type when stored.
   */
  forward(a: FloatArray, offset: number, length: number, p: ActivationParameters): void;
  /**
   * grad ⊙= f′ over `length` elements, from the saved values (y or z, as `saves` says) at
   * `saved[savedOffset ..]`, into `grad[gradOffset ..]`; float64 arithmetic, rounded on store.
   */
  backward(
    saved: FloatArray,
    savedOffset: number,
    grad: FloatArray,
    gradOffset: number,
    length: number,
    p: ActivationParameters,
  ): void;
  /** The weight initialisation for networks with this hidden activation. */
  init(p: ActivationParameters): WeightInit;
}
