/** `shardwise predict`: a saved model's outputs for the rows of a CSV file, as CSV on stdout. */

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { loadModel } from '../model/model.js';
import { formatPredictionRows, predictionHeader } from '../output/prediction-csv.js';
import { StreamWriter } from '../output/stream-writer.js';
import { readRowsForModel } from './evaluation-data.js';
import { parseChoice, parsePath } from './flag-parsers.js';
import { FORWARD_KERNEL_CHOICES, FORWARD_KERNELS_FLAG } from './flag-specs.js';

/** Rows predicted and formatted per write: bounded memory however big the input. */
const ROWS_PER_CHUNK = 2048;

export const predictCommand: CommandModule = {
  command: 'predict',
  describe: "write a saved model's predictions for a CSV file to stdout",
  builder: (yargs: Argv) =>
    yargs
      .options({
        model: { requiresArg: true, demandOption: true, describe: 'checkpoint to predict with' },
        data: {
          requiresArg: true,
          demandOption: true,
          describe: 'CSV file with x0.. columns (label/y columns are ignored)',
        },
        kernels: FORWARD_KERNELS_FLAG,
      })
      .example('$0 predict --model model.safetensors --data rows.csv > preds.csv', ''),
  handler: async (argv: ArgumentsCamelCase) => {
    const modelPath = parsePath('model', argv.model);
    const dataPath = parsePath('data', argv.data);
    const kernels =
      argv.kernels === undefined ? 'auto' : parseChoice('kernels', argv.kernels, FORWARD_KERNEL_CHOICES);
    const model = await loadModel(modelPath, { kernels });
    const { rows } = await readRowsForModel(dataPath, model, false);
    const { loss } = model.config;
    const inputs = model.inputs;
    const out = new StreamWriter(process.stdout);
    await out.write(`${predictionHeader(loss, model.outputs)}\n`);
    for (let first = 0; first < rows.rows && out.open; first += ROWS_PER_CHUNK) {
      const last = Math.min(rows.rows, first + ROWS_PER_CHUNK);
      const predictions = model.predict(rows.x.subarray(first * inputs, last * inputs));
      await out.write(formatPredictionRows(loss, model.outputs, predictions));
    }
    await out.end();
  },
};
