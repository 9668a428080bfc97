/**
 * Where a checkpoint may be saved: the general output rule (io/output-target.ts) with "ours"
 * meaning a file that already is a shardwise checkpoint, so a run can save over its previous
 * checkpoint but never over a CSV file, a device or anything else by accident.
 */

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CheckpointError } from '../errors.js';
import { checkOutputTarget, OutputRefusal, type RunInput } from '../io/output-target.js';
import { LENGTH_PREFIX_BYTES } from '../io/safetensors-format.js';
import { parseHeader, readHeaderLength } from '../io/safetensors-header.js';
import { FORMAT_NAME, META } from './checkpoint-format.js';

/** How a checkpoint save treats an existing file and the run's inputs. */
export interface CheckpointTargetOptions {
  /** Replace an existing file that is not a shardwise checkpoint. Default false. */
  readonly force?: boolean;
  /** Files the run reads (data, init, resume); the checkpoint may not replace one of them. */
  readonly inputs?: readonly RunInput[];
  /** The checkpoint resumed from, which the run may save over. */
  readonly mayReplace?: string;
  /** How messages name the output (`--out`); default `out`. */
  readonly label?: string;
  /** How messages name the force switch (`--force`); default `{ force: true }`. */
  readonly forceName?: string;
}

/**
 * Throws a CheckpointError ("cannot save to <path>: …") when `path` may not receive a checkpoint;
 * resolves with the file that will be written (symbolic links followed).
 */
export async function checkCheckpointTarget(
  path: string,
  options: CheckpointTargetOptions = {},
): Promise<string> {
  try {
    return await checkOutputTarget(path, {
      label: options.label ?? 'out',
      forceName: options.forceName ?? '{ force: true }',
      what: 'a shardwise checkpoint',
      isOurs: isShardwiseCheckpoint,
      ...(options.force !== undefined && { force: options.force }),
      ...(options.inputs !== undefined && { inputs: options.inputs }),
      ...(options.mayReplace !== undefined && { mayReplace: options.mayReplace }),
    });
  } catch (error) {
    throw refusalToCheckpointError(path, error);
  }
}

/** A refusal (or a file-system error while checking) as the CheckpointError the caller reports. */
export function refusalToCheckpointError(path: string, error: unknown): Error {
  if (error instanceof OutputRefusal) {
    return new CheckpointError(`cannot save to ${path}: ${error.reason}`, {
      ...(error.hint !== undefined && { hint: error.hint }),
      cause: error,
    });
  }
  if (error instanceof CheckpointError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new CheckpointError(`cannot save to ${path}: ${reason}`, { cause: error });
}

/** Whether the regular file at `path` is a shardwise checkpoint (only its header is read). */
export async function isShardwiseCheckpoint(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // Non-blocking: were a FIFO swapped in since it was checked, opening it must not hang.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const fileBytes = (await handle.stat()).size;
    const prefix = new Uint8Array(LENGTH_PREFIX_BYTES);
    await handle.read(prefix, 0, LENGTH_PREFIX_BYTES, 0);
    const headerLength = readHeaderLength(prefix, fileBytes, path);
    const header = new Uint8Array(headerLength);
    const { bytesRead } = await handle.read(header, 0, headerLength, LENGTH_PREFIX_BYTES);
    if (bytesRead !== headerLength) return false;
    const parsed = parseHeader(header, fileBytes - LENGTH_PREFIX_BYTES - headerLength, path);
    return parsed.metadata[META.format] === FORMAT_NAME;
  } catch {
    return false;
  } finally {
    await handle?.close().catch(() => {});
  }
}
