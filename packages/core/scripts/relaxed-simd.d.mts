// Types of relaxed-simd.mjs, for the tests and benchmarks that need the relaxed kernel build.

/**
 * Whether `relaxedValidates()` holds, setting V8's relaxed-SIMD flag first where it does not
 * without it (Node 20); Node 22+ validates it by default and is left alone.
 */
export declare function enableRelaxedSimd(relaxedValidates: () => boolean): boolean;
