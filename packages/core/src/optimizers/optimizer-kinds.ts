// The one list of optimizer names. scripts/update-wat.mjs reads this array from this file to
// generate one WebAssembly update kernel per name (and fails the build for a name without one),
// so keep it a single literal array of strings.

/** Every supported {@link OptimizerKind}, in the order help texts list them. */
export const OPTIMIZER_KINDS = ['sgd', 'momentum', 'adam', 'adamw'] as const;

/** An optimizer's name: each has one definition in `OPTIMIZERS` and one WebAssembly kernel. */
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];
