import { ACTIVATION_TABLE, type ActivationName, type LayerKernels, withGemm } from '@shardwise/core';
import type { NativeBiasActivation, NativeBlas } from './load-native-blas.js';

/**
 * Which addon kernel runs each activation's forward bias + activation, or null where the given
 * kernels keep it. Every name is listed, so a new activation does not compile without a choice
 * here. Only an activation that saves its output can go native (the kernel keeps no input copy).
 */
const NATIVE_FORWARD: Readonly<Record<ActivationName, (blas: NativeBlas) => NativeBiasActivation | null>> = {
  identity: () => null,
  relu: () => null,
  leaky_relu: () => null,
  sigmoid: () => null,
  tanh: (blas) => blas.biasTanh ?? null,
  gelu: () => null,
  gelu_tanh: () => null,
};

/** The activations whose forward runs in the addon with this build of it. */
export function nativeForwardActivations(blas: NativeBlas): ActivationName[] {
  return (Object.keys(NATIVE_FORWARD) as ActivationName[]).filter(
    (name) => NATIVE_FORWARD[name](blas) !== null,
  );
}

/**
 * `kernels` with the addon's GEMM, and its bias + activation forward for the activations it has
 * (`NATIVE_FORWARD`); everything else (the other activations, the backward, gathering rows) stays
 * on `kernels`. In place on the callers' arrays: nothing copied or allocated per call.
 */
export function nativeLayerKernels(kernels: LayerKernels, blas: NativeBlas): LayerKernels {
  const forward = new Map<ActivationName, NativeBiasActivation>();
  for (const name of Object.keys(NATIVE_FORWARD) as ActivationName[]) {
    const kernel = NATIVE_FORWARD[name](blas);
    if (kernel === null) continue;
    if (ACTIVATION_TABLE[name].saves !== 'output')
      throw new Error(`nativeLayerKernels: ${name} saves its input, which the native kernel does not keep`);
    forward.set(name, kernel);
  }
  const withNative = withGemm(kernels, blas.gemm);
  return {
    ...withNative,
    biasActivation(z, rows, cols, b, bOffset, activation, p, input) {
      const native = forward.get(activation);
      if (native) native(z, rows, cols, b, bOffset);
      else kernels.biasActivation(z, rows, cols, b, bOffset, activation, p, input);
    },
  };
}
