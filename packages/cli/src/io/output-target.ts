/**
 * The one rule every file shardwise writes obeys (checkpoints, bench's CSV and SVG): an output
 * never destroys anything. It may replace only a regular file that the same kind of output
 * wrote before (or an empty one), never a device, FIFO, socket or directory, never a file that
 * is also an input of the run (compared by device and inode, so `./a.csv`, `a.csv`, links and
 * hard links are all caught), and a foreign file only when the caller forces it.
 *
 * A symbolic link is written through: the file it points to is replaced atomically and the link
 * stays a link. The rules above then apply to that file.
 */

import { constants } from 'node:fs';
import { access, lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * What the rules read of an existing file (`fs.Stats` has it all). Structural, so the published
 * types of the public API need no Node.js typings in a consumer's project.
 */
export interface FileStatus {
  isFile(): boolean;
  isDirectory(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isSymbolicLink(): boolean;
  /** Bytes in the file. */
  readonly size: number;
  /** Device number: with `ino`, the file's identity. */
  readonly dev: number;
  /** Inode number. */
  readonly ino: number;
}

/** Links followed before giving up, as the kernel's own limit (ELOOP). */
const MAX_LINK_HOPS = 40;

/** An input of the run that an output must not replace. */
export interface RunInput {
  /** How messages name it: `the training data`. */
  readonly label: string;
  /** Its path as given. */
  readonly path: string;
}

/** What a writer allows for its output file. */
export interface OutputPolicy {
  /** How messages name the output: `--out`, `--csv`, `save`. */
  readonly label: string;
  /** Files the run reads; the output may not be any of them. */
  readonly inputs?: readonly RunInput[];
  /** An input the output may replace after all (resuming into the checkpoint resumed from). */
  readonly mayReplace?: string;
  /** Replace an existing file even when `isOurs` does not recognise it. */
  readonly force?: boolean;
  /** How to ask for `force` in the caller's language: `--force`, `{ force: true }`. */
  readonly forceName: string;
  /** What the output is, for "exists and is not <what>": `a shardwise checkpoint`. */
  readonly what: string;
  /** Whether an existing regular file was written by this kind of output, so replacing it loses nothing unexpected. */
  readonly isOurs: (path: string) => Promise<boolean>;
}

/** Why an output path was refused: a one-line reason (and a hint), for the caller's own error kind. */
export class OutputRefusal extends Error {
  /** Always `'OutputRefusal'`. */
  override readonly name = 'OutputRefusal';
  /** Code like a file-system error's, so callers that switch on `code` can tell it apart. */
  readonly code = 'ESHARDWISEOUTPUT';

  /** `reason` completes "cannot write <path>: …"; `hint` says what to do instead. */
  constructor(
    readonly reason: string,
    readonly hint?: string,
  ) {
    super(reason);
  }
}

/** Where writing `path` really goes: symbolic links followed to the file they name (which may not exist yet). */
export async function writeTargetOf(path: string): Promise<string> {
  let current = resolve(path);
  for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
    const info = await lstat(current).catch(ignoreMissing);
    if (info === undefined || !info.isSymbolicLink()) {
      const directory = await realpath(dirname(current)).catch(() => dirname(current));
      return join(directory, basename(current));
    }
    current = resolve(dirname(current), await readlink(current));
  }
  throw new OutputRefusal(`more than ${MAX_LINK_HOPS} symbolic links to follow (a loop?)`);
}

/** Throws an OutputRefusal when something other than a regular file exists at `target` (links already followed). */
export async function requireReplaceable(target: string): Promise<FileStatus | undefined> {
  const info = await lstat(target).catch(ignoreMissing);
  if (info !== undefined && !info.isFile()) {
    throw new OutputRefusal(
      `it is ${describeKind(info)}, not a regular file; it is left untouched`,
      info.isDirectory() ? 'give a file name, e.g. inside that directory' : 'give the path of a regular file',
    );
  }
  return info;
}

/**
 * Checks every rule for writing `path` under `policy` and resolves with the real target (links
 * followed). Throws an OutputRefusal naming the reason; file-system errors of the checks themselves
 * are reasons too.
 */
export async function checkOutputTarget(path: string, policy: OutputPolicy): Promise<string> {
  const target = await writeTargetOf(path);
  await requireWritableDirectory(dirname(target), dirname(path));
  const existing = await requireReplaceable(target);
  const mayReplace = policy.mayReplace === undefined ? undefined : await identityOf(policy.mayReplace);
  const identity = existing === undefined ? { path: target } : { path: target, stats: existing };
  const replacingAllowed = mayReplace !== undefined && sameFile(identity, mayReplace);
  for (const input of policy.inputs ?? []) {
    if (replacingAllowed) break;
    const inputIdentity = await identityOf(input.path);
    if (inputIdentity !== undefined && sameFile(identity, inputIdentity)) {
      throw new OutputRefusal(
        `it is ${input.label} of this run${input.path === path ? '' : ` (${input.path})`}; it would be overwritten`,
        `give ${policy.label} another file name`,
      );
    }
  }
  if (existing !== undefined && existing.size > 0 && !replacingAllowed && policy.force !== true) {
    if (!(await policy.isOurs(target))) {
      throw new OutputRefusal(
        `the file exists and is not ${policy.what}`,
        `add ${policy.forceName} to replace it, or choose another ${policy.label}`,
      );
    }
  }
  return target;
}

interface FileIdentity {
  /** Absolute path with links followed. */
  readonly path: string;
  /** Present when the file exists. */
  readonly stats?: FileStatus;
}

/** The identity of an existing file (device and inode), or its resolved path when it does not exist. */
async function identityOf(path: string): Promise<FileIdentity | undefined> {
  const stats = await stat(path).catch(() => undefined);
  const target = await writeTargetOf(path).catch(() => undefined);
  if (target === undefined) return undefined;
  return stats === undefined ? { path: target } : { path: target, stats };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  if (a.stats !== undefined && b.stats !== undefined) {
    return a.stats.dev === b.stats.dev && a.stats.ino === b.stats.ino;
  }
  return a.path === b.path;
}

async function requireWritableDirectory(directory: string, shown: string): Promise<void> {
  const parent = await stat(directory).catch(() => undefined);
  if (parent === undefined) {
    throw new OutputRefusal(`directory ${shown} does not exist`, `create it first: mkdir -p ${shown}`);
  }
  if (!parent.isDirectory()) throw new OutputRefusal(`${shown} is not a directory`);
  try {
    await access(directory, constants.W_OK);
  } catch {
    throw new OutputRefusal(`directory ${shown} is not writable`);
  }
}

/** `a directory`, `a character device`, … for messages. */
export function describeKind(info: FileStatus): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return info.isFile() ? 'a regular file' : 'not a regular file';
}

/** Nothing there (ENOTDIR: a parent is a file; checkOutputTarget then says so). */
function ignoreMissing(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
  throw error;
}
