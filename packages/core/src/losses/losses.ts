import { MEAN_SQUARED_ERROR } from '../kernels/mse.js';
import { SOFTMAX_CROSS_ENTROPY } from '../kernels/softmax-cross-entropy.js';
import type { LossDefinition } from './loss-definition.js';

/** Every supported {@link Loss}, in the order help texts list them. */
export const LOSS_NAMES = ['ce', 'mse'] as const;

/** A training objective's name: `'ce'` softmax cross-entropy, `'mse'` mean squared error. */
export type Loss = (typeof LOSS_NAMES)[number];

/** Every loss's definition by name; a name without one fails to compile. */
export const LOSSES = {
  /** Softmax cross-entropy: class labels or class-probability rows. */
  ce: SOFTMAX_CROSS_ENTROPY,
  /** Mean squared error after the output activation: regression targets. */
  mse: MEAN_SQUARED_ERROR,
} as const satisfies Record<Loss, LossDefinition>;

/** Whether `name` is a {@link Loss} (e.g. from a flag or a checkpoint's metadata). */
export function isLoss(name: unknown): name is Loss {
  return typeof name === 'string' && Object.hasOwn(LOSSES, name);
}
