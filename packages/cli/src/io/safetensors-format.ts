/**
 * The safetensors layout: an 8-byte little-endian header length N, N bytes of JSON header
 * (padded with spaces so the data starts 8-byte aligned), then the raw little-endian tensor
 * bytes, which the header addresses by offsets relative to the end of the header.
 */

export type SafetensorsDType = 'F32' | 'F64' | 'I32' | 'U32';

export type TensorData = Float32Array | Float64Array | Int32Array | Uint32Array;

export interface SafetensorsTensor {
  dtype: SafetensorsDType;
  shape: number[];
  data: TensorData;
}

export interface SafetensorsFile {
  metadata: Record<string, string>;
  /** In file (offset) order. */
  tensors: Map<string, SafetensorsTensor>;
}

interface DTypeInfo {
  bytes: number;
  create: (length: number) => TensorData;
  matches: (data: TensorData) => boolean;
}

export const DTYPES: Readonly<Record<SafetensorsDType, DTypeInfo>> = {
  F64: { bytes: 8, create: (n) => new Float64Array(n), matches: (d) => d instanceof Float64Array },
  F32: { bytes: 4, create: (n) => new Float32Array(n), matches: (d) => d instanceof Float32Array },
  I32: { bytes: 4, create: (n) => new Int32Array(n), matches: (d) => d instanceof Int32Array },
  U32: { bytes: 4, create: (n) => new Uint32Array(n), matches: (d) => d instanceof Uint32Array },
};

export function isSupportedDType(value: unknown): value is SafetensorsDType {
  return typeof value === 'string' && Object.hasOwn(DTYPES, value);
}

export const METADATA_KEY = '__metadata__';
export const LENGTH_PREFIX_BYTES = 8;
/** Real headers are a few KB; anything bigger is corruption, and must not drive an allocation. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;
export const HEADER_ALIGNMENT = 8;

/** Typed arrays are read and written in host byte order, which must be the file's (little-endian). */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
