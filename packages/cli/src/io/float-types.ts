// Local stand-ins for `DType` and `FloatArray` from @shardwise/core, whose index does not
// export them yet; swap for `import type { DType, FloatArray } from '@shardwise/core'` later.

/** Element type of a model and its data. */
export type DType = 'f32' | 'f64';

/** The typed arrays that back every tensor. */
export type FloatArray = Float32Array | Float64Array;
