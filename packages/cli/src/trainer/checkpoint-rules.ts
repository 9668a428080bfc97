/** Which files a run's checkpoint may not replace: its inputs (the resumed checkpoint excepted). */

import type { CheckpointTargetOptions } from '../checkpoint/checkpoint-target.js';
import type { RunInput } from '../io/output-target.js';
import type { ResolvedTrainOptions } from './resolve-options.js';

/** The save rules for a run with these options (`force` as given unless overridden). */
export function checkpointRulesOf(
  o: Pick<ResolvedTrainOptions, 'data' | 'init' | 'resume' | 'force'>,
  force: boolean = o.force,
): CheckpointTargetOptions {
  const inputs: RunInput[] = [];
  if (typeof o.data === 'string') inputs.push({ label: 'the training data', path: o.data });
  if (o.init !== undefined) inputs.push({ label: 'the checkpoint given to init', path: o.init });
  return {
    force,
    inputs,
    ...(o.resume !== undefined && { mayReplace: o.resume }),
  };
}
