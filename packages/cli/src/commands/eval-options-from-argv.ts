/** `shardwise eval` flags → what to evaluate on. Pure: validation only, no I/O. */

import { DATASET_NAMES, type DatasetName } from '@shardwise/core';
import { UsageError } from '../errors.js';
import type { ForwardKernelChoice } from '../model/kernel-choice.js';
import {
  parseAnyInteger,
  parseChoice,
  parseInteger,
  parseNonNegativeNumber,
  parsePath,
  parsePositiveInteger,
} from './flag-parsers.js';
import { FORWARD_KERNEL_CHOICES } from './flag-specs.js';

/** Defaults of the synthetic evaluation set: those of `train`, so the same flags give the same rows. */
export const EVAL_DEFAULTS = { samples: 1500, seed: 1 } as const;

export interface SyntheticEvalSet {
  readonly kind: 'dataset';
  readonly dataset: DatasetName;
  readonly samples: number;
  readonly seed: number;
  readonly features?: number;
  readonly classes?: number;
  readonly noise?: number;
}

export interface CsvEvalSet {
  readonly kind: 'csv';
  readonly path: string;
}

export interface EvalRequest {
  readonly model: string;
  readonly kernels: ForwardKernelChoice;
  readonly data: SyntheticEvalSet | CsvEvalSet;
  readonly json: boolean;
}

const SYNTHETIC_ONLY = ['samples', 'features', 'classes', 'noise', 'seed'] as const;

export function evalRequestFromArgv(argv: Readonly<Record<string, unknown>>): EvalRequest {
  const given = (key: string) => argv[key] !== undefined;
  const model = parsePath('model', argv.model);
  const json = argv.json === true;
  const kernels = given('kernels') ? parseChoice('kernels', argv.kernels, FORWARD_KERNEL_CHOICES) : 'auto';
  if (given('data') && given('dataset')) {
    throw new UsageError(
      '--data and --dataset cannot be used together: evaluate on a CSV file or a synthetic set',
    );
  }
  if (given('data')) {
    const extra = SYNTHETIC_ONLY.find(given);
    if (extra)
      throw new UsageError(`--${extra} describes a synthetic --dataset and cannot be used with --data`);
    return { model, kernels, data: { kind: 'csv', path: parsePath('data', argv.data) }, json };
  }
  if (!given('dataset')) {
    throw new UsageError('eval needs --data FILE.csv or --dataset NAME to evaluate on');
  }
  const data: SyntheticEvalSet = {
    kind: 'dataset',
    dataset: parseChoice('dataset', argv.dataset, DATASET_NAMES),
    samples: given('samples') ? parsePositiveInteger('samples', argv.samples) : EVAL_DEFAULTS.samples,
    seed: given('seed') ? parseAnyInteger('seed', argv.seed) : EVAL_DEFAULTS.seed,
    ...(given('features') && { features: parsePositiveInteger('features', argv.features) }),
    ...(given('classes') && { classes: parseInteger('classes', argv.classes, 2, 'an integer >= 2') }),
    ...(given('noise') && { noise: parseNonNegativeNumber('noise', argv.noise) }),
  };
  return { model, kernels, data, json };
}
