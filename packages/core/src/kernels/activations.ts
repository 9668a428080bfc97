import type { FloatArray } from '../dtype.js';

/** Hidden-layer nonlinearities. */
export type Activation = 'sigmoid' | 'tanh' | 'relu';

/** Every supported hidden-layer {@link Activation}. */
export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'tanh', 'relu'];

/** Applies `kind` in place to `length` elements of `a` from `offset`. */
export function activationForward(kind: Activation, a: FloatArray, offset: number, length: number): void {
  const end = offset + length;
  if (kind === 'relu') {
    for (let i = offset; i < end; i++) if (!(a[i]! > 0)) a[i] = 0;
  } else if (kind === 'tanh') {
    tanhInPlace(a, offset, length);
  } else {
    for (let i = offset; i < end; i++) a[i] = 1 / (1 + Math.exp(-a[i]!));
  }
}

/**
 * Multiplies the upstream gradient `grad` in place by the activation's derivative, computed from
 * the activation's OUTPUT `a` (so the pre-activations need not be kept):
 * sigmoid' = a(1 − a), tanh' = 1 − a², relu' = [a > 0] (a > 0 exactly when z > 0).
 */
export function activationBackward(
  kind: Activation,
  a: FloatArray,
  aOffset: number,
  grad: FloatArray,
  gradOffset: number,
  length: number,
): void {
  if (kind === 'relu') {
    for (let i = 0; i < length; i++) if (!(a[aOffset + i]! > 0)) grad[gradOffset + i] = 0;
  } else if (kind === 'tanh') {
    for (let i = 0; i < length; i++) {
      const y = a[aOffset + i]!;
      grad[gradOffset + i] = grad[gradOffset + i]! * (1 - y * y);
    }
  } else {
    for (let i = 0; i < length; i++) {
      const y = a[aOffset + i]!;
      grad[gradOffset + i] = grad[gradOffset + i]! * y * (1 - y);
    }
  }
}

/** tanh in place: a hidden activation, and the output activation for tanh + MSE. */
export function tanhInPlace(a: FloatArray, offset: number, length: number): void {
  const end = offset + length;
  for (let i = offset; i < end; i++) a[i] = Math.tanh(a[i]!);
}
