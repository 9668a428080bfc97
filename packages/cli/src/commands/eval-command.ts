/**
 * `shardwise eval`: loss (and accuracy for classifiers) of a saved model on some rows, with
 * scikit-learn's metrics: per-class precision, recall, F1 and the confusion matrix, or MAE, RMSE, R².
 */

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { loadModel } from '../model/model.js';
import { formatEvaluationReport } from '../output/evaluation-report.js';
import { evalRequestFromArgv } from './eval-options-from-argv.js';
import { generateRowsForModel, readRowsForModel, requireTargets } from './evaluation-data.js';
import { FORWARD_KERNELS_FLAG } from './flag-specs.js';

const value = (describe: string, extra: Record<string, unknown> = {}) =>
  ({ requiresArg: true, describe, ...extra }) as const;

export const evalCommand: CommandModule = {
  command: 'eval',
  describe: 'evaluate a saved model on a CSV file or a synthetic dataset',
  builder: (yargs: Argv) =>
    yargs
      .options({
        model: value('checkpoint to evaluate', { demandOption: true }),
        data: value('CSV file with x0.. and label (ce) or y0.. (mse) columns'),
        dataset: value('synthetic dataset instead of --data'),
        samples: value('rows to generate for --dataset', { defaultDescription: '1500' }),
        features: value('input features for --dataset', { defaultDescription: "the model's inputs" }),
        classes: value('classes for --dataset', { defaultDescription: "the model's outputs" }),
        noise: value('noise level of --dataset', { defaultDescription: 'per dataset' }),
        seed: value('random seed for --dataset', { defaultDescription: '1' }),
        kernels: FORWARD_KERNELS_FLAG,
        json: {
          type: 'boolean',
          describe:
            'print {"loss":…,"accuracy":…,"metrics":{…}} on one line: per-class precision/recall/f1/support, macro and weighted averages and the confusion matrix (classifiers), or MAE/RMSE/R2 per output and overall (regression)',
          defaultDescription: 'false',
        },
      })
      .example('# evaluate on a CSV file', '')
      .example('$0 eval --model model.safetensors --data test.csv', ''),
  handler: async (argv: ArgumentsCamelCase) => {
    const request = evalRequestFromArgv(argv);
    const model = await loadModel(request.model, { kernels: request.kernels });
    const named =
      request.data.kind === 'csv'
        ? await readRowsForModel(request.data.path, model, true)
        : generateRowsForModel(request.data, model);
    requireTargets(named, model);
    const result = model.evaluate(named.rows);
    // A model trained on named labels reports them by name: the table's rows, and `classNames` in JSON.
    const classNames = model.classNames ?? undefined;
    process.stdout.write(
      request.json
        ? `${JSON.stringify(classNames ? { ...result, classNames } : result)}\n`
        : `${formatEvaluationReport(result, classNames)}\n`,
    );
  },
};
