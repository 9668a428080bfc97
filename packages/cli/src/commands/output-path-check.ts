/**
 * Fails fast on an --out that cannot or must not be written (see io/output-target.ts), before
 * minutes of training are spent; messages use the CLI's flag names.
 */

import { checkCheckpointTarget } from '../checkpoint/checkpoint-target.js';
import type { RunInput } from '../io/output-target.js';
import type { TrainOptions } from '../trainer/train-options.js';

/** Throws a CheckpointError naming --out when the run's checkpoint may not be saved there. */
export async function checkOutputPath(options: TrainOptions): Promise<void> {
  if (options.out === undefined) return;
  const inputs: RunInput[] = [];
  if (typeof options.data === 'string') inputs.push({ label: 'the --data file', path: options.data });
  if (options.init !== undefined) inputs.push({ label: 'the --init checkpoint', path: options.init });
  await checkCheckpointTarget(options.out, {
    label: '--out',
    forceName: '--force',
    force: options.force === true,
    inputs,
    ...(options.resume !== undefined && { mayReplace: options.resume }),
  });
}
