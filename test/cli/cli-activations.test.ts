// Each added activation through the CLI: train (and save), eval and predict from the checkpoint,
// the checkpoint's metadata naming the activation and slope, an --init round trip that keeps every
// weight, a --resume that continues; --negative-slope where it does not apply is a usage error.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUserError, jsonLines, lines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('activations');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** Two classes: inside or outside the circle of radius 0.8. */
function circleCsv(rows: number): string {
  let csv = 'x0,x1,label\n';
  for (let i = 0; i < rows; i++) {
    const x = ((i * 0.618_034) % 1) * 2 - 1;
    const y = ((i * 0.414_214) % 1) * 2 - 1;
    csv += `${x.toFixed(5)},${y.toFixed(5)},${x * x + y * y < 0.64 ? 1 : 0}\n`;
  }
  return csv;
}

/** The metadata and raw tensor bytes of a safetensors file. */
function safetensors(path: string): { metadata: Record<string, string>; tensors: Record<string, Buffer> } {
  const bytes = readFileSync(path);
  const length = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')) as Record<string, unknown>;
  const { __metadata__: metadata, ...entries } = header;
  const tensors: Record<string, Buffer> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const [from, to] = (entry as { data_offsets: [number, number] }).data_offsets;
    tensors[name] = bytes.subarray(8 + length + from, 8 + length + to);
  }
  return { metadata: metadata as Record<string, string>, tensors };
}

const data = dir.write('circle.csv', circleCsv(240));

describe.each([
  { activation: 'leaky_relu', flags: ['--negative-slope', '0.2'], slope: '0.2' },
  { activation: 'leaky_relu', flags: [], slope: '0.01' },
  { activation: 'gelu', flags: [], slope: undefined },
  { activation: 'gelu_tanh', flags: [], slope: undefined },
])('--activation $activation $flags', ({ activation, flags, slope }) => {
  const name = `${activation}${flags.join('')}`;
  const model = dir.file(`${name}.safetensors`);
  const common = ['--data', data, '--hidden', '12,12', '--workers', '2', '--dtype', 'f64', '--lr', '0.02'];

  it('trains and saves a checkpoint that names the activation and its slope', () => {
    const trained = runCli([
      'train',
      ...common,
      '--activation',
      activation,
      ...flags,
      '--epochs',
      '30',
      '--out',
      model,
      '--json',
    ]);
    expect(trained.status, trained.stderr).toBe(0);
    expect(jsonLines(trained.stdout).at(-1)).toMatchObject({ type: 'summary', epochs: 30, out: model });
    const { metadata } = safetensors(model);
    expect(metadata.activation).toBe(activation);
    expect(metadata.negative_slope).toBe(slope);
  });

  it('eval and predict from the checkpoint agree, on both kernel backends', () => {
    const evaluated = runCli(['eval', '--model', model, '--data', data, '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const { loss, accuracy } = JSON.parse(evaluated.stdout) as { loss: number; accuracy: number };
    expect(accuracy).toBeGreaterThan(0.8); // the circle is learnt (chance is 0.5)
    const viaTs = JSON.parse(
      runCli(['eval', '--model', model, '--data', data, '--json', '--kernels', 'ts']).stdout,
    );
    expect(Math.abs(viaTs.loss - loss)).toBeLessThan(1e-12);

    const predicted = runCli(['predict', '--model', model, '--data', data]);
    expect(predicted.status, predicted.stderr).toBe(0);
    const [header, ...rows] = lines(predicted.stdout);
    expect(header).toBe('label,p0,p1');
    const truth = lines(readFileSync(data, 'utf8'))
      .slice(1)
      .map((row) => Number(row.split(',')[2]));
    const correct = rows.filter((row, i) => Number(row.split(',')[0]) === truth[i]).length;
    expect(correct / rows.length).toBeCloseTo(accuracy, 10);
  });

  it('--init keeps every weight and the architecture; --resume continues the run', () => {
    const copy = dir.file(`${name}-copy.safetensors`);
    const initialised = runCli([
      'train',
      '--data',
      data,
      '--init',
      model,
      '--epochs',
      '0',
      '--out',
      copy,
      '--quiet',
    ]);
    expect(initialised.status, initialised.stderr).toBe(0);
    const [before, after] = [safetensors(model), safetensors(copy)];
    expect(after.metadata.activation).toBe(activation);
    expect(after.metadata.negative_slope).toBe(slope);
    for (const [tensor, bytes] of Object.entries(before.tensors)) {
      if (tensor.startsWith('layers.')) expect(Buffer.compare(after.tensors[tensor]!, bytes), tensor).toBe(0);
    }
    const resumed = runCli(['train', '--resume', model, '--epochs', '32', '--out', copy, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({ type: 'summary', epochs: 32 });
    expect(safetensors(copy).metadata.negative_slope).toBe(slope);
  });
});

describe('--negative-slope where it does not apply', () => {
  it('is a usage error without --activation leaky_relu', () => {
    expectUserError(
      runCli(['train', '--data', data, '--activation', 'gelu', '--negative-slope', '0.2']),
      2,
      '--negative-slope',
      'leaky_relu',
    );
    expectUserError(runCli(['train', '--data', data, '--negative-slope', '0.2']), 2, '--negative-slope');
  });

  it("with a checkpoint, must repeat the checkpoint's slope (another value names both)", () => {
    const model = dir.file('leaky_relu--negative-slope0.2.safetensors');
    expectUserError(
      runCli(['train', '--data', data, '--init', model, '--negative-slope', '0.3']),
      2,
      '--negative-slope 0.3 differs from',
      '0.2',
    );
    const again = runCli([
      'train',
      '--data',
      data,
      '--init',
      model,
      '--negative-slope',
      '0.2',
      '--epochs',
      '1',
    ]);
    expect(again.status, again.stderr).toBe(0);
  });

  it('must be a number ≥ 0', () => {
    expectUserError(
      runCli(['train', '--data', data, '--activation', 'leaky_relu', '--negative-slope', '-0.1']),
      2,
      '--negative-slope',
    );
  });
});
