/**
 * Writes a file so that readers only ever see the old content or the complete new content:
 * write a temporary file beside the target, fsync it, rename it over the target, fsync the
 * directory. On failure the temporary file is removed and the target is left untouched.
 *
 * A process killed mid-write (SIGKILL, power loss) cannot remove its temporary file, so each
 * successful write also removes the temporary files of the same target left by processes that
 * are gone: they never pile up, whatever number of saves a kill interrupted. A process that must
 * exit during a write (a second Ctrl-C) calls `abandonWritesSync` first, which removes its own.
 *
 * A symbolic link is written through (the file it names is replaced, the link stays), and the
 * target is never anything but a regular file: a device, FIFO, socket or directory there is
 * refused before writing and again just before the rename (see output-target.ts).
 */

import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { type FileHandle, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { requireReplaceable, writeTargetOf } from './output-target.js';

/**
 * Atomically replaces `path` (or the file a symbolic link at `path` names) with the concatenation
 * of `chunks`. File-system errors are thrown as they come (with their `code`), so callers can turn
 * them into their own error kinds; a target that is not a regular file throws an OutputRefusal.
 */
export async function writeFileAtomic(
  path: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  activeWrites++;
  try {
    await writeAtomically(path, chunks);
  } finally {
    activeWrites--;
    if (activeWrites === 0) for (const listener of settledListeners.splice(0)) listener();
  }
}

async function writeAtomically(
  path: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  const target = await writeTargetOf(path);
  await requireReplaceable(target);
  const directory = dirname(target);
  // Hidden, unique per process, thread and call, and in the same directory so rename stays atomic.
  const temporary = join(
    directory,
    `.${basename(target)}.${process.pid}-${threadId}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: FileHandle | undefined = await open(temporary, 'wx');
  inFlight.set(temporary, path);
  try {
    for await (const chunk of chunks) await writeFully(handle, chunk, temporary);
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Checked again at the last moment: something may have appeared there while we wrote.
    await requireReplaceable(target);
    await rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => {});
    await unlink(temporary).catch(() => {});
    throw error;
  } finally {
    inFlight.delete(temporary);
  }
  await syncDirectory(directory);
  await removeStaleTemporaries(directory, basename(target));
}

/** Temporary files this thread is still writing (never removed as stale), each with the path it will replace. */
const inFlight = new Map<string, string>();
/** Calls of writeFileAtomic that have not settled yet (a write is durable only once its call settles). */
let activeWrites = 0;
/** Called once when no write is active any more. */
const settledListeners: (() => void)[] = [];

/** The paths (as given) that writes of this thread are replacing right now. */
export function writesInFlight(): string[] {
  return [...new Set(inFlight.values())];
}

/** Calls `listener` once every write of this thread has settled, renamed and synced (at once when none is active). */
export function whenWritesSettle(listener: () => void): void {
  if (activeWrites === 0) listener();
  else settledListeners.push(listener);
}

/**
 * Removes the temporary files of the writes in flight, synchronously, for a process that has to
 * exit now: their targets keep their previous content. Returns the paths those writes would have
 * replaced.
 */
export function abandonWritesSync(): string[] {
  const abandoned = writesInFlight();
  for (const temporary of inFlight.keys()) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed into place or removed: nothing is left behind either way.
    }
  }
  inFlight.clear();
  return abandoned;
}

/**
 * Removes `.<target>.<pid>-<thread>.<nonce>.tmp` files left by a writer that can no longer
 * finish: a process that no longer exists, or this very thread (a pid reused after a kill) when
 * the file is not one of its writes in flight. Files of other live processes, and of other
 * threads of this one, may be a concurrent write and are kept. Best effort: a failure here never
 * fails the write that succeeded.
 */
async function removeStaleTemporaries(directory: string, target: string): Promise<void> {
  const prefix = `.${target}.`;
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const match = /^(\d+)(?:-(\d+))?\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    const thread = Number(match[2] ?? 0);
    const file = join(directory, name);
    const stale = pid !== process.pid ? !processExists(pid) : thread === threadId && !inFlight.has(file);
    if (stale) await unlink(file).catch(() => {});
  }
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
function processExists(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
