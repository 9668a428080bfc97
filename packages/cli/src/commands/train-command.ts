/** `shardwise train`: flags → TrainOptions → a training run. */

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { guardStream } from '../output/stdio-guard.js';
import { runTraining } from './run-training.js';
import { TRAIN_FLAGS } from './train-flags.js';
import { trainOptionsFromArgv } from './train-options-from-argv.js';

export const trainCommand: CommandModule = {
  command: 'train',
  describe: 'train an MLP on a synthetic dataset or a CSV file',
  builder: (yargs: Argv) =>
    yargs
      .options(TRAIN_FLAGS)
      .example('$0 train', 'train the default 3-class spiral')
      .example(
        '$0 train --data rows.csv --hidden 128 --epochs 50 --out model.safetensors',
        'train on a CSV file',
      )
      .example(
        '$0 train --resume model.safetensors --epochs 80 --out model.safetensors',
        'continue a saved run',
      ),
  handler: async (argv: ArgumentsCamelCase) => {
    // Everything is validated before the first worker starts.
    const options = trainOptionsFromArgv(argv);
    process.exitCode = await runTraining(
      options,
      { json: argv.json === true, quiet: argv.quiet === true },
      {
        stdout: process.stdout,
        stderr: process.stderr,
        signals: process,
        stdoutHealth: guardStream(process.stdout),
      },
    );
  },
};
