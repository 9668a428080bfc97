import type { FloatArray } from '../dtype.js';
import type { Rng } from '../rng.js';
import type { Mlp } from './mlp.js';

/**
 * Fills the parameters with a fresh initialisation: He normal, N(0, 2/inputs), for relu networks,
 * Glorot uniform, U(±√(6/(inputs+outputs))), for sigmoid and tanh; biases zero. Deterministic
 * for the rng's state.
 */
export function initParameters(mlp: Mlp, params: FloatArray, rng: Rng): void {
  for (const { inputs, outputs, weightOffset, biasOffset } of mlp.layout.layers) {
    const count = inputs * outputs;
    if (mlp.config.activation === 'relu') {
      const std = Math.sqrt(2 / inputs);
      for (let i = 0; i < count; i++) params[weightOffset + i] = rng.normal() * std;
    } else {
      const limit = Math.sqrt(6 / (inputs + outputs));
      for (let i = 0; i < count; i++) params[weightOffset + i] = (2 * rng.nextFloat() - 1) * limit;
    }
    params.fill(0, biasOffset, biasOffset + outputs);
  }
}
