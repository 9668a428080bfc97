// train → save → eval → predict on one CSV: eval's accuracy is what predict's labels give.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, jsonLines, lines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('roundtrip');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** A 3-class CSV: class = which third of the circle the point lies in. */
function classCsv(rows: number): { csv: string; labels: number[] } {
  const labels: number[] = [];
  let csv = 'x0,x1,label\n';
  for (let i = 0; i < rows; i++) {
    const angle = 2 * Math.PI * ((i * 0.618_034) % 1) - Math.PI;
    const radius = 0.5 + ((i * 0.414_214) % 1);
    const label = Math.min(2, Math.floor(((angle + Math.PI) / (2 * Math.PI)) * 3));
    labels.push(label);
    csv += `${(radius * Math.cos(angle)).toFixed(5)},${(radius * Math.sin(angle)).toFixed(5)},${label}\n`;
  }
  return { csv, labels };
}

describe('train, eval and predict on a CSV file', () => {
  it('round-trips through a checkpoint', () => {
    const { csv, labels } = classCsv(300);
    const data = dir.write('rows.csv', csv);
    const model = dir.file('model.safetensors');

    const trained = runCli([
      'train',
      '--data',
      data,
      '--hidden',
      '16',
      '--epochs',
      '20',
      '--out',
      model,
      '--json',
    ]);
    expect(trained.status, trained.stderr).toBe(0);
    expect(jsonLines(trained.stdout).at(-1)).toMatchObject({ type: 'summary', epochs: 20, out: model });

    const evaluated = runCli(['eval', '--model', model, '--data', data, '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const { loss, accuracy } = JSON.parse(evaluated.stdout) as { loss: number; accuracy: number };
    expect(loss).toBeGreaterThan(0);
    expect(accuracy).toBeGreaterThan(0.6);

    const plainEval = runCli(['eval', '--model', model, '--data', data]);
    // The loss line, then the per-class table and confusion matrix (see evaluation-report.test.ts).
    expect(plainEval.stdout).toMatch(
      /^loss \d+\.\d{4} {2}accuracy \d\.\d{4}\n\nclass +precision +recall +f1-score +support\n/,
    );
    expect(plainEval.stdout).toContain('\nconfusion matrix (rows: true class, columns: predicted class)\n');

    const predicted = runCli(['predict', '--model', model, '--data', data]);
    expect(predicted.status, predicted.stderr).toBe(0);
    const [header, ...rows] = lines(predicted.stdout);
    expect(header).toBe('label,p0,p1,p2');
    expect(rows).toHaveLength(labels.length);
    let correct = 0;
    rows.forEach((row, index) => {
      const cells = row.split(',').map(Number);
      expect(cells).toHaveLength(4);
      const probabilities = cells.slice(1);
      expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 4);
      expect(cells[0]).toBe(probabilities.indexOf(Math.max(...probabilities)));
      if (cells[0] === labels[index]) correct++;
    });
    expect(correct / labels.length).toBeCloseTo(accuracy, 10);

    // The TypeScript kernels (the reference) agree with the default WebAssembly ones to f32 tolerance.
    const viaTs = runCli(['eval', '--model', model, '--data', data, '--json', '--kernels', 'ts']);
    expect(viaTs.status, viaTs.stderr).toBe(0);
    const reference = JSON.parse(viaTs.stdout) as { loss: number; accuracy: number };
    expect(Math.abs(reference.loss - loss)).toBeLessThan(1e-6 * loss);
    expect(reference.accuracy).toBe(accuracy);
    const predictedTs = runCli(['predict', '--model', model, '--data', data, '--kernels', 'ts']);
    expect(predictedTs.status, predictedTs.stderr).toBe(0);
    const [, ...rowsTs] = lines(predictedTs.stdout);
    rowsTs.forEach((row, index) => {
      const [a, b] = [row.split(',').map(Number), rows[index]!.split(',').map(Number)];
      for (let j = 0; j < a.length; j++) expect(Math.abs(a[j]! - b[j]!)).toBeLessThan(1e-6);
    });
    const bad = runCli(['predict', '--model', model, '--data', data, '--kernels', 'gpu']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--kernels/);
  });

  it('predict writes y columns for a regression model and ignores target columns', () => {
    const model = dir.file('teacher.safetensors');
    const trained = runCli([
      'train',
      '--dataset',
      'teacher',
      '--samples',
      '200',
      '--hidden',
      '8',
      '--epochs',
      '2',
      '--out',
      model,
      '--quiet',
    ]);
    expect(trained.status, trained.stderr).toBe(0);
    const features = Array.from({ length: 8 }, (_, j) => `x${j}`);
    const row = (k: number) => features.map((_, j) => ((k + j) % 5) / 5).join(',');
    const data = dir.write(
      'teacher.csv',
      `${features.join(',')},y0,y1\n${row(1)},0.5,0.5\n${row(2)},0.1,0.2\n`,
    );
    const predicted = runCli(['predict', '--model', model, '--data', data]);
    expect(predicted.status, predicted.stderr).toBe(0);
    const [header, ...rows] = lines(predicted.stdout);
    expect(header).toBe('y0,y1');
    expect(rows).toHaveLength(2);
    const evaluated = runCli(['eval', '--model', model, '--data', data]);
    expect(evaluated.stdout).toMatch(
      /^loss \d+\.\d{4}\n\noutput +MAE +RMSE +R2\ny0 .*\ny1 .*\noverall .*\n$/,
    );
  });

  it('predict stops quietly when the reader goes away', () => {
    const model = dir.file('small.safetensors');
    expect(
      runCli([
        'train',
        '--dataset',
        'moons',
        '--samples',
        '100',
        '--hidden',
        '4',
        '--epochs',
        '0',
        '--out',
        model,
      ]).status,
    ).toBe(0);
    let csv = 'x0,x1\n';
    for (let i = 0; i < 200_000; i++) csv += `${(i % 100) / 50 - 1},${(i % 37) / 18 - 1}\n`;
    const data = dir.write('big.csv', csv);
    const result = spawnPipeToHead(model, data);
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stdout.split('\n')).toHaveLength(4);
  });
});

/** `shardwise predict ... | head -n 3` through a shell, reporting shardwise's own exit status. */
function spawnPipeToHead(model: string, data: string) {
  const script = `"${process.execPath}" "${BIN}" predict --model "${model}" --data "${data}" | head -n 3; exit \${PIPESTATUS[0]}`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
