/**
 * Opens a file the run reads (a CSV, a checkpoint) and refuses anything but a regular file. A FIFO
 * or a terminal would block the read forever (and Node's exit waits on a blocked open), a device
 * such as /dev/zero never ends: these are refused before a byte is read.
 */

import { constants } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';

/** What the file system entry is, in words, for an entry that is not a regular file. */
export function describeNonRegular(stats: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
  isFile(): boolean;
}): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens `path` for reading without blocking on a FIFO (O_NONBLOCK, which changes nothing for a
 * regular file), then checks what it is: `refuse(kind)` builds the error thrown for anything but a
 * regular file (the handle is closed first). File-system errors (ENOENT, EACCES…) pass through.
 */
export async function openRegularFile(path: string, refuse: (kind: string) => Error): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    // A Unix socket cannot be opened at all (ENXIO): say what it is rather than the errno.
    const kind = await stat(path).then(describeNonRegular, () => undefined);
    throw kind === undefined ? error : refuse(kind);
  }
  try {
    const kind = describeNonRegular(await handle.stat());
    if (kind !== undefined) throw refuse(kind);
    return handle;
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}
