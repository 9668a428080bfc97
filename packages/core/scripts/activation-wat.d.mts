// Types of activation-wat.mjs, for the tests that hold it against the TypeScript table.

/** An activation's WebAssembly entry (its code generators are internal). */
export interface WatActivation {
  readonly code: number;
  readonly saves: 'output' | 'input';
}

/** The activations that have WebAssembly code, by the names of core's ACTIVATION_TABLE. */
export declare const WAT_ACTIVATIONS: Readonly<Record<string, WatActivation>>;

/** The entry for `name`; throws for a name without WebAssembly code. */
export declare function activationWat(name: string): WatActivation;

/** fdlibm's erf coefficient tables as the generator writes them. */
export declare const FDLIBM_ERF_COEFFICIENTS: Readonly<Record<string, number | readonly number[]>>;
