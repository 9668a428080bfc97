/** `shardwise train`: flags → TrainOptions → a training run. */

import { Writable } from 'node:stream';
import { mpiLaunch } from '@shardwise/mpi';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { guardStream } from '../output/stdio-guard.js';
import { type HelpExample, withExamples } from './help-examples.js';
import { runTraining } from './run-training.js';
import { TRAIN_FLAGS } from './train-flags.js';
import { trainOptionsFromArgv } from './train-options-from-argv.js';

/** `shardwise train --help`'s examples. */
export const TRAIN_EXAMPLES: readonly HelpExample[] = [
  ['$0 train', 'train the default 3-class spiral'],
  ['$0 train --data rows.csv --hidden 128 --out run.safetensors', 'train on a CSV file'],
  ['$0 train --resume run.safetensors --epochs 80 --out run.safetensors', 'continue a saved run'],
  [
    '$0 train --data rows.csv --val-split 0.2 --early-stopping 5',
    'stop when the validation loss stops improving, keeping the best epoch',
  ],
  [
    '$0 train --lr 0.01 --lr-schedule cosine --warmup-epochs 3 --epochs 50',
    'warm up, then a cosine schedule',
  ],
];

export const trainCommand: CommandModule = {
  command: 'train',
  describe: 'train an MLP on a synthetic dataset or a CSV file',
  builder: (yargs: Argv) => withExamples(yargs.options(TRAIN_FLAGS), TRAIN_EXAMPLES),
  handler: async (argv: ArgumentsCamelCase) => {
    // Everything is validated before the first worker starts.
    const options = trainOptionsFromArgv(argv);
    // Started by an MPI launcher: a rank of the job. Rank 0 reports; the others say nothing (their
    // errors still reach stderr, named by rank, through bin.ts).
    const launched = mpiLaunch();
    const silent = launched !== null && launched.rank > 0;
    process.exitCode = await runTraining(
      launched ? { ...options, mpi: true } : options,
      { json: argv.json === true && !silent, quiet: argv.quiet === true || silent },
      {
        stdout: silent ? discard() : process.stdout,
        stderr: silent ? discard() : process.stderr,
        signals: process,
        stdoutHealth: guardStream(process.stdout),
      },
    );
  },
};

/** A stream that drops what is written (the output of ranks other than 0). */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
