/**
 * Defensive parsing of a safetensors header. Every size in the file is checked against the
 * real file size before anything is allocated, so a corrupt or hostile file yields a
 * CheckpointError rather than a crash, a hang or a huge allocation.
 */

import { CheckpointError } from '../errors.js';
import {
  DTYPES,
  isSupportedDType,
  LENGTH_PREFIX_BYTES,
  MAX_HEADER_BYTES,
  METADATA_KEY,
  type SafetensorsDType,
} from './safetensors-format.js';
import { preview } from './value-preview.js';

export interface TensorEntry {
  name: string;
  dtype: SafetensorsDType;
  shape: number[];
  /** Byte range within the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  metadata: Record<string, string>;
  /** Sorted by offset; together they cover the data section exactly. */
  entries: TensorEntry[];
}

export function corrupt(file: string, detail: string): CheckpointError {
  return new CheckpointError(`${file}: not a valid safetensors file: ${detail}`);
}

/** The header length N from the 8-byte prefix, checked against the size of the whole file. */
export function readHeaderLength(prefix: Uint8Array, fileBytes: number, file: string): number {
  if (fileBytes < LENGTH_PREFIX_BYTES) {
    throw corrupt(file, `only ${fileBytes} bytes, shorter than the 8-byte header length`);
  }
  const view = new DataView(prefix.buffer, prefix.byteOffset, LENGTH_PREFIX_BYTES);
  const length = view.getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw corrupt(file, `header length ${length} is absurd (limit ${MAX_HEADER_BYTES} bytes)`);
  }
  const headerBytes = Number(length);
  if (LENGTH_PREFIX_BYTES + headerBytes > fileBytes) {
    throw corrupt(file, `header length ${headerBytes} exceeds the ${fileBytes}-byte file`);
  }
  return headerBytes;
}

/** Parses and validates the JSON header against a data section of `dataBytes` bytes. */
export function parseHeader(headerBytes: Uint8Array, dataBytes: number, file: string): SafetensorsHeader {
  const json = parseJsonObject(headerBytes, file);
  let metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name === METADATA_KEY) metadata = parseMetadata(value, file);
    else entries.push(parseEntry(name, value, dataBytes, file));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  requireContiguous(entries, dataBytes, file);
  return { metadata, entries };
}

function parseJsonObject(headerBytes: Uint8Array, file: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw corrupt(file, 'header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw corrupt(file, 'header is not valid JSON');
  }
  if (!isPlainObject(json)) throw corrupt(file, 'header is not a JSON object');
  return json;
}

function parseMetadata(value: unknown, file: string): Record<string, string> {
  if (!isPlainObject(value)) throw corrupt(file, `${METADATA_KEY} is not an object`);
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string')
      throw corrupt(file, `${METADATA_KEY} value of ${preview(key)} is not a string`);
  }
  return { ...(value as Record<string, string>) };
}

function parseEntry(name: string, value: unknown, dataBytes: number, file: string): TensorEntry {
  const label = `tensor ${preview(name)}`;
  if (!isPlainObject(value)) throw corrupt(file, `${label} is not an object`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (!isSupportedDType(dtype)) {
    throw corrupt(file, `${label} has unsupported dtype ${preview(dtype)} (expected F32, F64, I32 or U32)`);
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw corrupt(file, `${label} shape ${preview(shape)} is not an array of non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    throw corrupt(file, `${label} data_offsets ${preview(offsets)} is not a [begin, end] pair`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataBytes) {
    throw corrupt(
      file,
      `${label} data_offsets [${begin}, ${end}] lie outside the ${dataBytes}-byte data section`,
    );
  }
  const span = end - begin;
  if (byteSizeOf(shape, DTYPES[dtype].bytes, span) !== span) {
    throw corrupt(
      file,
      `${label} data_offsets span ${span} bytes, but shape ${preview(shape)} of ${dtype} does not`,
    );
  }
  return { name, dtype, shape: [...shape], begin, end };
}

/** Bytes of `shape`, or `limit + 1` as soon as it is known to exceed `limit` (no overflow). */
function byteSizeOf(shape: number[], elementBytes: number, limit: number): number {
  if (shape.includes(0)) return 0;
  let bytes = elementBytes;
  for (const dimension of shape) {
    bytes *= dimension;
    if (bytes > limit) return limit + 1;
  }
  return bytes;
}

function requireContiguous(entries: TensorEntry[], dataBytes: number, file: string): void {
  let expected = 0;
  let previous: TensorEntry | undefined;
  for (const entry of entries) {
    const label = preview(entry.name);
    if (entry.begin < expected) {
      throw corrupt(file, `tensors ${preview(previous!.name)} and ${label} overlap`);
    }
    if (entry.begin > expected) {
      throw corrupt(
        file,
        `${entry.begin - expected} unused bytes before tensor ${label} (tensors must be contiguous)`,
      );
    }
    expected = entry.end;
    previous = entry;
  }
  if (expected !== dataBytes)
    throw corrupt(file, `${dataBytes - expected} trailing bytes after the last tensor`);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
