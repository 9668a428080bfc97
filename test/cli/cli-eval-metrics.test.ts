// `shardwise eval` prints scikit-learn's metrics: with --json a classifier's per-class scores,
// averages and confusion matrix; as a table a regression model's MAE, RMSE and R² per output and
// overall (the table's layout is unit-tested in evaluation-report.test.ts). The model is saved from code, and the
// expected numbers come from its predict() in the test.
import { Model } from 'shardwise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('cli-eval-metrics');
afterAll(() => dir.remove());
beforeAll(requireBuiltBinary);

const parameters = (count: number) => Float64Array.from({ length: count }, (_, i) => Math.sin(i * 2.3));

describe('eval metrics', () => {
  it("classification --json: the confusion matrix of the model's predictions, and the scores", async () => {
    const model = new Model(
      { sizes: [2, 3], activation: 'relu', loss: 'ce', outActivation: 'identity', dtype: 'f64' },
      parameters(9),
    );
    const path = dir.file('classifier.safetensors');
    await model.save(path);
    const rows = Array.from({ length: 12 }, (_, i) => [Math.cos(i), Math.sin(i * 1.7), i % 3]);
    const csv = dir.write('classes.csv', `x0,x1,label\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const p = model.predict(rows.flatMap((r) => [r[0]!, r[1]!]));
    const matrix = [0, 1, 2].map(() => [0, 0, 0]);
    rows.forEach((r, i) => {
      const scores = [p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!];
      matrix[r[2]!]![scores.indexOf(Math.max(...scores))]! += 1;
    });

    const json = runCli(['eval', '--model', path, '--data', csv, '--json']);
    expect(json.status, json.stderr).toBe(0);
    const [result] = jsonLines(json.stdout) as [{ metrics: Record<string, unknown>; accuracy: number }];
    expect(result.metrics.confusionMatrix).toEqual(matrix);
    expect(result.metrics.accuracy).toBe(result.accuracy);
    expect(Object.keys(result.metrics)).toEqual(
      expect.arrayContaining(['classes', 'macroAvg', 'weightedAvg', 'confusionMatrix']),
    );
    expect((result.metrics.macroAvg as { support: number }).support).toBe(12);
  });

  it('regression table: MAE, RMSE and R2 per output and overall', async () => {
    const model = new Model(
      { sizes: [1, 2], activation: 'relu', loss: 'mse', outActivation: 'identity', dtype: 'f64' },
      Float64Array.from([1, -1, 0, 0.5]),
    );
    const path = dir.file('regressor.safetensors');
    await model.save(path);
    // ŷ0 = x, ŷ1 = 0.5 − x; y0 = x exactly (R² 1), y1 = 0.5 − x + 0.1 (MAE 0.1).
    const csv = dir.write('targets.csv', 'x0,y0,y1\n0,0,0.6\n1,1,-0.4\n2,2,-1.4\n');
    const plain = runCli(['eval', '--model', path, '--data', csv]);
    expect(plain.status, plain.stderr).toBe(0);
    // y0 is predicted exactly (R² 1); y1: mean −0.4, SS_tot 2, SS_res 3 × 0.01 → R² 0.985.
    expect(plain.stdout).toMatch(
      /^output +MAE +RMSE +R2\ny0 +0\.0000 +0\.0000 +1\.0000\ny1 +0\.1000 +0\.1000 +0\.9850\noverall +0\.0500 +0\.0500 +0\.9925$/m,
    );
  });
});
