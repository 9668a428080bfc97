/** Lays out tensors and metadata as safetensors bytes, without copying the tensor data. */

import { CheckpointError } from '../errors.js';
import {
  DTYPES,
  HEADER_ALIGNMENT,
  isSupportedDType,
  LENGTH_PREFIX_BYTES,
  METADATA_KEY,
  type SafetensorsTensor,
} from './safetensors-format.js';

/**
 * The file as chunks: the length prefix with the space-padded header, then one view per tensor.
 * Tensors with 8-byte elements go first so every tensor starts aligned to its element size
 * (the data section itself starts 8-aligned); otherwise the caller's order is kept.
 */
export function encodeSafetensors(
  tensors: Record<string, SafetensorsTensor>,
  metadata: Record<string, string>,
  file: string,
): Uint8Array[] {
  const invalid = (detail: string) => new CheckpointError(`cannot write ${file}: ${detail}`);
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw invalid(`metadata value of ${JSON.stringify(key)} is not a string`);
  }
  const ordered = Object.entries(tensors)
    .map(([name, tensor]) => ({ name, tensor, bytes: validateTensor(name, tensor, invalid) }))
    .sort((a, b) => b.bytes - a.bytes);

  // Built by hand so keys keep this order (an object would hoist integer-like names).
  const fields = [`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`];
  let offset = 0;
  for (const { name, tensor } of ordered) {
    const end = offset + tensor.data.byteLength;
    const entry = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, end] };
    fields.push(`${JSON.stringify(name)}:${JSON.stringify(entry)}`);
    offset = end;
  }
  const header = new TextEncoder().encode(`{${fields.join(',')}}`);
  const paddedLength = Math.ceil(header.length / HEADER_ALIGNMENT) * HEADER_ALIGNMENT;

  const head = new Uint8Array(LENGTH_PREFIX_BYTES + paddedLength).fill(0x20, LENGTH_PREFIX_BYTES);
  new DataView(head.buffer).setBigUint64(0, BigInt(paddedLength), true);
  head.set(header, LENGTH_PREFIX_BYTES);
  const bodies = ordered.map(
    ({ tensor: { data } }) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  );
  return [head, ...bodies];
}

/** Checks one tensor and returns its element size in bytes. */
function validateTensor(
  name: string,
  tensor: SafetensorsTensor,
  invalid: (detail: string) => CheckpointError,
): number {
  const label = `tensor ${JSON.stringify(name)}`;
  if (name.length === 0 || name === METADATA_KEY) throw invalid(`${label} has a reserved or empty name`);
  if (!isSupportedDType(tensor.dtype))
    throw invalid(`${label} has unsupported dtype ${JSON.stringify(tensor.dtype)}`);
  const { bytes, matches } = DTYPES[tensor.dtype];
  if (!matches(tensor.data))
    throw invalid(`${label} data is a ${tensor.data.constructor.name}, not ${tensor.dtype}`);
  const shape = tensor.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw invalid(`${label} shape ${JSON.stringify(shape)} is not an array of non-negative integers`);
  }
  const elements = shape.reduce((product, dimension) => product * dimension, 1);
  if (elements !== tensor.data.length) {
    throw invalid(
      `${label} shape [${shape.join(', ')}] holds ${elements} elements but data has ${tensor.data.length}`,
    );
  }
  return bytes;
}
