/**
 * Writes a file so that readers only ever see the old content or the complete new content:
 * write a temporary file beside the target, fsync it, rename it over the target, fsync the
 * directory. On failure the temporary file is removed and the target is left untouched.
 */

import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Atomically replaces `path` with the concatenation of `chunks`. File-system errors are thrown
 * as they come (with their `code`), so callers can turn them into their own error kinds.
 */
export async function writeFileAtomic(
  path: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  const directory = dirname(path);
  // Hidden, unique per process and call, and in the same directory so rename stays atomic.
  const temporary = join(
    directory,
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: FileHandle | undefined = await open(temporary, 'wx');
  try {
    for await (const chunk of chunks) await writeFully(handle, chunk, temporary);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => {});
    await unlink(temporary).catch(() => {});
    throw error;
  }
  await syncDirectory(directory);
}

async function writeFully(handle: FileHandle, chunk: Uint8Array, path: string): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    if (bytesWritten === 0) throw new Error(`write made no progress on ${path}`);
    offset += bytesWritten;
  }
}

/** Makes the rename itself durable; best effort, since some platforms cannot fsync a directory. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Not supported here (e.g. Windows); the data itself was already synced.
  } finally {
    await handle?.close().catch(() => {});
  }
}
