/**
 * Reading and writing safetensors checkpoints. Writes are atomic; reads validate everything
 * and raise CheckpointError (naming the file) for any problem.
 */

import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CheckpointError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { openRegularFile } from './input-file.js';
import { encodeSafetensors } from './safetensors-encode.js';
import {
  DTYPES,
  HOST_IS_LITTLE_ENDIAN,
  LENGTH_PREFIX_BYTES,
  type SafetensorsFile,
  type SafetensorsTensor,
} from './safetensors-format.js';
import { corrupt, parseHeader, readHeaderLength, type SafetensorsHeader } from './safetensors-header.js';

export type {
  SafetensorsDType,
  SafetensorsFile,
  SafetensorsTensor,
  TensorData,
} from './safetensors-format.js';

/** Atomically writes `tensors` and string `metadata` to `path`. */
export async function writeSafetensors(
  path: string,
  tensors: Record<string, SafetensorsTensor>,
  metadata: Record<string, string>,
): Promise<void> {
  requireLittleEndianHost();
  const chunks = encodeSafetensors(tensors, metadata, path);
  try {
    await writeFileAtomic(path, chunks);
  } catch (error) {
    throw new CheckpointError(`cannot write ${path}: ${describeFsError(error, path, 'write')}`, {
      cause: error,
    });
  }
}

/** Reads and validates the safetensors file at `path`; tensor data are fresh, aligned copies. */
export async function readSafetensors(path: string): Promise<SafetensorsFile> {
  requireLittleEndianHost();
  let handle: FileHandle | undefined;
  try {
    handle = await openRegularFile(
      path,
      (kind) => new CheckpointError(`cannot read ${path}: it is ${kind}, not a checkpoint file`),
    );
    const fileBytes = (await handle.stat()).size;
    // Sizes are validated step by step, so nothing is allocated from an unchecked length.
    const prefix = await readExactly(handle, 0, Math.min(fileBytes, LENGTH_PREFIX_BYTES), path);
    const headerLength = readHeaderLength(prefix, fileBytes, path);
    const headerBytes = await readExactly(handle, LENGTH_PREFIX_BYTES, headerLength, path);
    const dataStart = LENGTH_PREFIX_BYTES + headerLength;
    const header = parseHeader(headerBytes, fileBytes - dataStart, path);
    const data = await readExactly(handle, dataStart, fileBytes - dataStart, path);
    return extractTensors(header, data);
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`cannot read ${path}: ${describeFsError(error, path, 'read')}`, {
      cause: error,
    });
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Decodes safetensors bytes already in memory; `name` is used in messages. */
export function decodeSafetensors(bytes: Uint8Array, name: string): SafetensorsFile {
  requireLittleEndianHost();
  const headerLength = readHeaderLength(bytes, bytes.byteLength, name);
  const dataStart = LENGTH_PREFIX_BYTES + headerLength;
  const header = parseHeader(
    bytes.subarray(LENGTH_PREFIX_BYTES, dataStart),
    bytes.byteLength - dataStart,
    name,
  );
  return extractTensors(header, bytes.subarray(dataStart));
}

function extractTensors(header: SafetensorsHeader, data: Uint8Array): SafetensorsFile {
  const tensors = new Map<string, SafetensorsTensor>();
  for (const { name, dtype, shape, begin, end } of header.entries) {
    const info = DTYPES[dtype];
    const array = info.create((end - begin) / info.bytes);
    new Uint8Array(array.buffer).set(data.subarray(begin, end));
    tensors.set(name, { dtype, shape, data: array });
  }
  return { metadata: header.metadata, tensors };
}

async function readExactly(
  handle: FileHandle,
  position: number,
  length: number,
  file: string,
): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw corrupt(file, 'file ended early (was it truncated while being read?)');
    filled += bytesRead;
  }
  return buffer;
}

function describeFsError(error: unknown, path: string, action: 'read' | 'write'): string {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'ENOENT':
      return action === 'read' ? 'file not found' : `directory ${dirname(path)} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function requireLittleEndianHost(): void {
  if (!HOST_IS_LITTLE_ENDIAN) throw new CheckpointError('safetensors I/O needs a little-endian host');
}
