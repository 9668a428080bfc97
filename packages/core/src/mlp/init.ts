import type { FloatArray } from '../dtype.js';
import { ACTIVATION_TABLE } from '../kernels/activations.js';
import type { Rng } from '../rng.js';
import type { Mlp } from './mlp.js';

/**
 * Fills the parameters with a fresh initialisation, the one the hidden activation's definition
 * names (for every layer): He normal, N(0, gain²/inputs), or Glorot uniform,
 * U(±√(gain²·6/(inputs+outputs))); biases zero. Deterministic for the rng's state.
 */
export function initParameters(mlp: Mlp, params: FloatArray, rng: Rng): void {
  const { scheme, gainSquared } = ACTIVATION_TABLE[mlp.config.activation].init(mlp.activationParameters);
  for (const { inputs, outputs, weightOffset, biasOffset } of mlp.layout.layers) {
    const count = inputs * outputs;
    if (scheme === 'he-normal') {
      const std = Math.sqrt(gainSquared / inputs);
      for (let i = 0; i < count; i++) params[weightOffset + i] = rng.normal() * std;
    } else {
      const limit = Math.sqrt((gainSquared * 6) / (inputs + outputs));
      for (let i = 0; i < count; i++) params[weightOffset + i] = (2 * rng.nextFloat() - 1) * limit;
    }
    params.fill(0, biasOffset, biasOffset + outputs);
  }
}
