// Inputs at the edges, end to end: 1 sample, 1 feature, 1000 classes, a batch larger than the data,
// more workers than rows, more workers than cores (allowed, with a warning), and a ~200 MB CSV that
// is streamed rather than read whole into a string.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { train } from 'shardwise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../packages/cli/src/io/safetensors.js';
import { jsonLines, lines, requireBuiltBinary, runCli, tempDir } from '../cli/cli-harness.js';

const dir = tempDir('reliability-edges');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

const CORES = availableParallelism();
const warning = (workers: number) =>
  `warning: --workers ${workers} is more than the ${CORES} core${CORES === 1 ? '' : 's'} here; threads will share cores`;

function trainOk(args: string[]) {
  const result = runCli(['train', ...args, '--json']);
  expect(result.status, result.stderr).toBe(0);
  const records = jsonLines(result.stdout);
  const summary = records.at(-1)!;
  expect(summary.type).toBe('summary');
  expect(Number.isFinite(summary.loss)).toBe(true);
  return { result, records, summary };
}

async function tensorsOf(path: string) {
  const file = await readSafetensors(path);
  return new Map([...file.tensors].map(([name, tensor]) => [name, Buffer.from(tensor.data.buffer)]));
}

describe('edge inputs', () => {
  it('a single sample: trains, evaluates and predicts', () => {
    const csv = dir.write('one-row.csv', 'x0,x1,label\n0.25,-1.5,1\n');
    const out = dir.file('one-row.safetensors');
    const { records } = trainOk([
      '--data',
      csv,
      '--hidden',
      '4',
      '--epochs',
      '3',
      '--batch-size',
      '8',
      '--out',
      out,
    ]);
    expect(records.filter((record) => record.type === 'epoch')).toHaveLength(3);
    expect(runCli(['eval', '--model', out, '--data', csv]).status).toBe(0);
    const predicted = runCli(['predict', '--model', out, '--data', csv]);
    expect(predicted.status, predicted.stderr).toBe(0);
    expect(lines(predicted.stdout)).toHaveLength(2); // header + 1 row
  });

  it('a single feature', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${(i / 10 - 2).toFixed(2)},${i < 20 ? 0 : 1}`);
    const csv = dir.write('one-feature.csv', `x0,label\n${rows.join('\n')}\n`);
    const out = dir.file('one-feature.safetensors');
    trainOk(['--data', csv, '--hidden', '4', '--epochs', '5', '--out', out]);
    const evaluated = runCli(['eval', '--model', out, '--data', csv, '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    // eval's accuracy is the share of rows whose predicted label (predict's first column) is right.
    const predicted = runCli(['predict', '--model', out, '--data', csv]);
    expect(predicted.status, predicted.stderr).toBe(0);
    const labels = lines(predicted.stdout)
      .slice(1)
      .map((line) => Number(line.split(',')[0]));
    expect(labels).toHaveLength(40);
    const right = labels.filter((label, i) => label === (i < 20 ? 0 : 1)).length;
    expect(JSON.parse(evaluated.stdout).accuracy).toBe(right / 40);
  });

  it('1000 classes', async () => {
    const out = dir.file('classes.safetensors');
    const data = ['--dataset', 'blobs', '--classes', '1000', '--samples', '2000', '--features', '8'];
    trainOk([...data, '--hidden', '16', '--epochs', '1', '--out', out]);
    const file = await readSafetensors(out);
    expect(file.tensors.get('layers.1.weight')!.shape).toEqual([1000, 16]);
    const evaluated = runCli(['eval', '--model', out, ...data, '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toHaveProperty('accuracy');
  });

  it('a batch larger than the dataset is one full-batch step, the same as batch = rows', async () => {
    const base = { dataset: 'moons', samples: 50, hidden: [8], epochs: 3, workers: 2 } as const;
    const huge = await train({ ...base, batchSize: 1000 });
    const exact = await train({ ...base, batchSize: 50 });
    expect(Array.from(huge.model.parameters)).toEqual(Array.from(exact.model.parameters));
    expect(huge.history.map((h) => h.loss)).toEqual(exact.history.map((h) => h.loss));
  });

  it('more workers than rows (and than cores): trains, deterministically, with a warning', async () => {
    const csv = dir.write('three-rows.csv', 'x0,x1,y0\n1,2,0.5\n-1,0.5,1.5\n0,0,-1\n');
    const workers = Math.max(4, CORES + 1);
    const outs = ['a', 'b'].map((name) => dir.file(`few-rows-${name}.safetensors`));
    const run = ['--data', csv, '--hidden', '3', '--epochs', '4', '--batch-size', '2', '--quiet'];
    for (const out of outs) {
      const result = runCli(['train', ...run, '--workers', String(workers), '--out', out]);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toBe(`${warning(workers)}\n`);
    }
    const [a, b] = await Promise.all(outs.map(tensorsOf));
    for (const [name, bytes] of a!) expect(bytes.equals(b!.get(name)!), name).toBe(true);
  });

  it('warns about --workers above the core count only then', () => {
    const run = ['--dataset', 'xor', '--samples', '64', '--hidden', '4', '--epochs', '1', '--quiet'];
    const over = runCli(['train', ...run, '--workers', String(CORES + 1)]);
    expect(over.status, over.stderr).toBe(0);
    expect(lines(over.stderr)).toEqual([warning(CORES + 1)]);
    for (const workers of [String(CORES), 'auto']) {
      const fine = runCli(['train', ...run, '--workers', workers]);
      expect(fine.status, fine.stderr).toBe(0);
      expect(fine.stderr).toBe('');
    }
  });
});

describe('a ~200 MB CSV', () => {
  /** 400,000 rows × 60 columns (59 features and a label), from 1,000 distinct rows, written in blocks. */
  async function writeBigCsv(path: string): Promise<number> {
    const features = 59;
    const header = `${Array.from({ length: features }, (_, j) => `x${j}`).join(',')},label\n`;
    const distinct = Array.from({ length: 1000 }, (_, r) => {
      const cells = Array.from({ length: features }, (_, j) =>
        (((r * 7919 + j * 104729) % 200_003) / 200_003 - 0.5).toFixed(6),
      );
      return `${cells.join(',')},${r % 10}`;
    });
    const block = `${distinct.join('\n')}\n`;
    const stream = createWriteStream(path);
    stream.write(header);
    for (let k = 0; k < 400; k++) if (!stream.write(block)) await once(stream, 'drain');
    stream.end();
    await once(stream, 'finish');
    return statSync(path).size;
  }

  /** Runs `body` (an ES module) in a fresh process; it prints one JSON line, including its peak RSS. */
  function inChild(body: string): Record<string, number> {
    const cli = new URL('../../packages/cli/dist/', import.meta.url).href;
    const script = `const base = process.resourceUsage().maxRSS * 1024;\n${body.replaceAll('CLI/', cli)}`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout) as Record<string, number>;
  }

  it('streams into typed arrays and trains an epoch, with peak memory below the file held as a string', async () => {
    const csv = dir.file('big.csv');
    const bytes = await writeBigCsv(csv);
    expect(bytes).toBeGreaterThan(200e6);

    const read = inChild(`
      const { readCsvDataset } = await import('CLI/io/csv-reader.js');
      const started = performance.now();
      const data = await readCsvDataset(${JSON.stringify(csv)}, { dtype: 'f32' });
      const peak = process.resourceUsage().maxRSS * 1024;
      console.log(JSON.stringify({ rows: data.rows, features: data.features, classes: data.classes,
        seconds: (performance.now() - started) / 1000, peak: peak - base, arrays: data.x.byteLength }));
    `);
    expect(read).toMatchObject({ rows: 400_000, features: 59, classes: 10 });
    const trained = inChild(`
      const { train } = await import('CLI/index.js');
      const started = performance.now();
      const { history } = await train({ data: ${JSON.stringify(csv)}, hidden: [8], epochs: 1, batchSize: 1024, workers: 2 });
      const peak = process.resourceUsage().maxRSS * 1024;
      console.log(JSON.stringify({ loss: history[0].loss, seconds: (performance.now() - started) / 1000, peak: peak - base }));
    `);
    const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
    console.log(
      `big CSV ${mb(bytes)}: read in ${read.seconds!.toFixed(1)} s, peak +${mb(read.peak!)} ` +
        `(arrays ${mb(read.arrays!)}); 1 epoch in ${trained.seconds!.toFixed(1)} s, peak +${mb(trained.peak!)}`,
    );
    expect(Number.isFinite(trained.loss)).toBe(true);
    // Reading the file whole into a string needs its bytes twice over (the Buffer from readFile,
    // then the string) before parsing even starts: 2 × the file, plus the typed arrays (here
    // 0.4 × the file) = 2.4 ×, and 2.8 × for training (the workers' shared copy of the rows).
    // Streaming needs the arrays and their growth slack (measured ~1.1 ×) ...
    expect(read.peak!).toBeLessThan(1.4 * bytes);
    // ... and the whole training run ~1.7 × (measured on 2 cores; generous margins for GC timing).
    expect(trained.peak!).toBeLessThan(2.2 * bytes);
  });
});
