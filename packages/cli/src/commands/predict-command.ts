/** `shardwise predict`: a saved model's outputs for the rows of a CSV file, as CSV on stdout. */

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { loadModel, type Model } from '../model/model.js';
import { formatPredictionRows, outputColumnNames, predictionHeader } from '../output/prediction-csv.js';
import { StreamWriter } from '../output/stream-writer.js';
import { readRowsForModel } from './evaluation-data.js';
import { parseChoice, parseColumnList, parsePath } from './flag-parsers.js';
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
          describe:
            "CSV file with the model's feature columns (x0.., or the names it was trained on); other columns are ignored",
        },
        'keep-columns': {
          requiresArg: true,
          describe:
            'columns of --data to copy into the output before the predictions (e.g. an id), comma-separated',
        },
        kernels: FORWARD_KERNELS_FLAG,
      })
      .example('$0 predict --model model.safetensors --data rows.csv > predictions.csv', '')
      .example('$0 predict --model m.safetensors --data new.csv --keep-columns id', ''),
  handler: async (argv: ArgumentsCamelCase) => {
    const modelPath = parsePath('model', argv.model);
    const dataPath = parsePath('data', argv.data);
    const kernels =
      argv.kernels === undefined ? 'auto' : parseChoice('kernels', argv.kernels, FORWARD_KERNEL_CHOICES);
    const keepColumns =
      argv.keepColumns === undefined ? [] : parseColumnList('keep-columns', argv.keepColumns);
    const model = await loadModel(modelPath, { kernels });
    checkKeepColumns(keepColumns, model);
    const { rows } = await readRowsForModel(dataPath, model, false, keepColumns);
    const { loss } = model.config;
    const inputs = model.inputs;
    const columns = { classNames: model.classNames, keptNames: keepColumns };
    const kept = 'kept' in rows && rows.kept !== null ? rows.kept.values : [];
    const width = keepColumns.length;
    const out = new StreamWriter(process.stdout);
    await out.write(`${predictionHeader(loss, model.outputs, columns)}\n`);
    for (let first = 0; first < rows.rows && out.open; first += ROWS_PER_CHUNK) {
      const last = Math.min(rows.rows, first + ROWS_PER_CHUNK);
      const predictions = model.predict(rows.x.subarray(first * inputs, last * inputs));
      const keptRows = kept.slice(first * width, last * width);
      await out.write(formatPredictionRows(loss, model.outputs, predictions, columns, keptRows));
    }
    await out.end();
  },
};

/** --keep-columns: names (no ranges), each once, none named like a column the predictions fill. */
function checkKeepColumns(names: readonly string[], model: Model): void {
  const outputs = outputColumnNames(model.config.loss, model.outputs, model.classNames);
  names.forEach((name, index) => {
    if (outputs.includes(name)) {
      throw new UsageError(`--keep-columns ${name}: the predictions fill a column of that name already`);
    }
    if (names.indexOf(name) !== index) throw new UsageError(`--keep-columns names ${name} twice`);
  });
}
