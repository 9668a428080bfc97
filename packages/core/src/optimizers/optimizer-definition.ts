import type { FloatArray } from '../dtype.js';
import type { ResolvedOptimizerConfig } from './optimizer-config.js';

/**
 * How many constants an update kernel takes. Every optimizer's element loop, in TypeScript and in
 * WebAssembly, has the same signature: buffers, slice, then this many float64 constants derived
 * once per step (unused ones are 0). scripts/update-wat.mjs uses the same count.
 */
export const UPDATE_CONSTANTS = 10;

/**
 * One optimizer's element loop over [from, to): reads the current values from `sourceParams` and
 * `sourceState` (the same arrays as `params`/`state` for an in-place update) and writes the updated
 * ones to `params` and `state`. State slot k of element i sits at `state[k·paramCount + i]`.
 * `c` holds the step's constants, in the order the optimizer's `deriveConstants` writes them.
 */
export type UpdateLoop = (
  c: Float64Array,
  params: FloatArray,
  grad: FloatArray,
  state: FloatArray,
  paramCount: number,
  from: number,
  to: number,
  sourceParams: FloatArray,
  sourceState: FloatArray,
) => void;

/**
 * Everything about one optimizer but its WebAssembly code (which scripts/update-wat.mjs generates
 * under the same name, with the constants in the same order). Updates are elementwise, so any
 * slice can be updated on its own: threads update disjoint slices of the same buffers at once.
 */
export interface OptimizerDefinition {
  /** One line for documentation and help texts. */
  readonly summary: string;
  /** State values per parameter (momentum: velocity; Adam: m, then v), laid out slot by slot. */
  readonly stateSlots: number;
  /** The weight decay when the config gives none: PyTorch's default for this optimizer. */
  readonly defaultWeightDecay: number;
  /** Writes the constants of update number `step` (1-based) into `into[0, UPDATE_CONSTANTS)`. */
  deriveConstants(config: ResolvedOptimizerConfig, step: number, into: Float64Array): void;
  /** The element loop: the reference the WebAssembly kernel matches bit for bit. */
  readonly loop: UpdateLoop;
}
