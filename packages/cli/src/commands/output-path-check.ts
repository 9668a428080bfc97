/** Fails fast on an --out that cannot be written, before minutes of training are spent. */

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CheckpointError } from '../errors.js';

export async function checkOutputPath(out: string): Promise<void> {
  const directory = dirname(resolve(out));
  const shown = dirname(out);
  const fail = (reason: string, hint?: string) =>
    new CheckpointError(`cannot save to ${out}: ${reason}`, hint);

  const target = await stat(out).catch(() => undefined);
  if (target?.isDirectory()) throw fail('it is a directory', 'give a file name, e.g. model.safetensors');
  const parent = await stat(directory).catch(() => undefined);
  if (!parent) throw fail(`directory ${shown} does not exist`, `create it first: mkdir -p ${shown}`);
  if (!parent.isDirectory()) throw fail(`${shown} is not a directory`);
  try {
    await access(directory, constants.W_OK);
  } catch {
    throw fail(`directory ${shown} is not writable`);
  }
}
