/** Typed arrays that grow geometrically while a file of unknown length is read. */

export type GrowableArray = Float32Array | Float64Array | Int32Array;

const MIN_CAPACITY = 1024;

/** `array` if it holds `needed` elements, else a copy with at least double the capacity. */
export function ensureCapacity<T extends GrowableArray>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  let capacity = Math.max(array.length * 2, MIN_CAPACITY);
  while (capacity < needed) capacity *= 2;
  const Constructor = array.constructor as new (length: number) => T;
  const grown = new Constructor(capacity);
  grown.set(array as never);
  return grown;
}

/** The first `length` elements, copied so the spare capacity can be freed. */
export function trimToLength<T extends GrowableArray>(array: T, length: number): T {
  return (array.length === length ? array : array.slice(0, length)) as T;
}
