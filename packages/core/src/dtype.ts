/** Element type of a model, its data and all its buffers, chosen once per model. */
export type DType = 'f32' | 'f64';

/** The typed arrays that back every tensor; kernels take them with explicit offsets. */
export type FloatArray = Float32Array | Float64Array;

/** Every supported {@link DType}. */
export const DTYPES: readonly DType[] = ['f32', 'f64'];

/** Bytes per element of a dtype. */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'f32' ? 4 : 8;
}

/** A zeroed array of `length` elements of `dtype`. */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'f32' ? new Float32Array(length) : new Float64Array(length);
}

/** A view of `length` elements of `dtype` over `buffer` (which may be a SharedArrayBuffer). */
export function viewOf(
  dtype: DType,
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
): FloatArray {
  return dtype === 'f32'
    ? new Float32Array(buffer, byteOffset, length)
    : new Float64Array(buffer, byteOffset, length);
}

/** The dtype of an array. */
export function dtypeOf(array: FloatArray): DType {
  return array instanceof Float32Array ? 'f32' : 'f64';
}
