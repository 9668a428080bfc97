// The bench end to end but in-process: options → engine runs → reports, and the yargs command module.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { wasmKernelsAvailable } from '@shardwise/worker';
import { afterAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { benchCommand } from '../commands/bench-command.js';
import { UsageError } from '../errors.js';
import { benchOptionsFromArgv } from './bench-options.js';
import { epochSteps, globalBatchOf, runBench } from './run-bench.js';
import { namedWorkload } from './workloads.js';

/** A stream that keeps what is written to it. */
function sink(): Writable & { text: () => string; isTTY?: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

const dir = mkdtempSync(join(tmpdir(), 'shardwise-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runBench', () => {
  it('measures tiny on 1 and 2 workers and prints JSON lines, an SVG and a CSV', async () => {
    const stdout = sink();
    const stderr = sink();
    const svg = join(dir, 'plot.svg');
    const csv = join(dir, 'points.csv');
    const options = benchOptionsFromArgv(
      { workload: 'tiny', workers: '1,2', seconds: '0.2', repetitions: '5', json: true, svg, csv },
      2,
    );
    const points = await runBench(options, { stdout, stderr });

    const records = stdout
      .text()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ type: 'machine', dtype: 'f32', mode: 'strong', repetitions: 5 });
    expect(records[0]!.cores).toBeGreaterThan(0);
    expect(typeof records[0]!.cpu).toBe('string');
    expect(records[0]!.node).toBe(process.version);
    const results = records.slice(1);
    expect(results.map((r) => [r.type, r.workload, r.mode, r.workers])).toEqual([
      ['result', 'tiny', 'strong', 1],
      ['result', 'tiny', 'strong', 2],
    ]);
    expect(results.map((r) => r.kernels)).toEqual(Array(2).fill(wasmKernelsAvailable() ? 'wasm' : 'ts'));
    for (const result of results) {
      const rate = result.samplesPerSecond as number;
      expect(rate).toBeGreaterThan(0);
      expect(result.min as number).toBeLessThanOrEqual(rate);
      expect(result.max as number).toBeGreaterThanOrEqual(rate);
      expect(result.repetitions).toHaveLength(5);
      const breakdown = result.breakdown as Record<string, number>;
      expect(breakdown.computeMs).toBeGreaterThan(0);
      expect(breakdown.syncMs).toBeGreaterThanOrEqual(0);
      expect(breakdown.reduceUpdateMs).toBeGreaterThan(0);
    }
    expect(results[0]).toMatchObject({ speedup: 1, efficiency: 1 });
    expect(results[1]!.speedup).toBeCloseTo(
      (results[1]!.samplesPerSecond as number) / (results[0]!.samplesPerSecond as number),
    );
    expect(results[1]!.efficiency).toBeCloseTo((results[1]!.speedup as number) / 2);
    expect(points).toHaveLength(2);
    expect(stderr.text()).toBe(''); // no progress line when stderr is not a terminal

    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg [\s\S]*<\/svg>\n$/);
    const csvLines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(csvLines).toHaveLength(3);
    expect(csvLines[1]).toMatch(/^tiny,/);
  });

  it('prints a table in weak scaling, and a progress line on a terminal', async () => {
    const stdout = sink();
    const stderr = Object.assign(sink(), { isTTY: true });
    const options = benchOptionsFromArgv(
      { workload: 'mse', workers: '2', mode: 'weak', seconds: '0.1', batchSize: '16', kernels: 'ts' },
      2,
    );
    const points = await runBench(options, { stdout, stderr });
    expect(points.map((p) => [p.workers, p.batchSize, p.globalBatch])).toEqual([
      [1, 16, 16],
      [2, 16, 32],
    ]);
    const text = stdout.text();
    expect(text).toContain('weak scaling');
    expect(text).toContain('mse: 64-128-8 tanh, mse (tanh out), batch 16');
    expect(text).toMatch(/\nmse +ts +1 +16 +[\d,]+ /);
    expect(text).toMatch(/\nmse +ts +2 +32 +[\d,]+ /);
    expect(stderr.text()).toContain('bench [1/2] mse, 1 worker: warm-up');
    expect(stderr.text()).toContain('bench [2/2] mse, 2 workers: repetition 5/5');
  });

  it('refuses an --svg in a missing directory before measuring', async () => {
    const options = benchOptionsFromArgv({ workload: 'tiny', svg: join(dir, 'missing', 'plot.svg') }, 1);
    await expect(runBench(options, { stdout: sink(), stderr: sink() })).rejects.toThrow(
      /--svg .*does not exist/,
    );
  });
});

describe('data sizing', () => {
  it('sizes the epoch to the data budget, within [4, 256] steps', () => {
    expect(epochSteps(namedWorkload('tiny', 'f32'), 64)).toBe(256);
    expect(epochSteps(namedWorkload('mnist', 'f32'), 256)).toBe(41);
    expect(epochSteps(namedWorkload('mnist', 'f64'), 256 * 64)).toBe(4);
  });

  it('multiplies the batch by the workers in weak scaling only', () => {
    expect(globalBatchOf({ mode: 'weak' }, 64, 4)).toBe(256);
    expect(globalBatchOf({ mode: 'strong' }, 64, 4)).toBe(64);
  });
});

describe('benchCommand', () => {
  const cli = () =>
    yargs()
      .command(benchCommand)
      .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false })
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new UsageError(message);
      });

  it('turns a bad flag into a UsageError naming it, before any worker starts', async () => {
    await expect(cli().parseAsync(['bench', '--workload', 'huge'])).rejects.toThrow(UsageError);
    await expect(cli().parseAsync(['bench', '--repetitions', '3'])).rejects.toThrow(/--repetitions/);
    await expect(cli().parseAsync(['bench', '--workers', '1,x'])).rejects.toThrow(/--workers/);
  });

  it('documents its flags', async () => {
    let help = '';
    await cli()
      .help()
      .parseAsync(['bench', '--help'], {}, (_error, _argv, output) => {
        help = output;
      });
    for (const flag of [
      '--workload',
      '--workers',
      '--mode',
      '--seconds',
      '--repetitions',
      '--json',
      '--svg',
      '--csv',
    ]) {
      expect(help).toContain(flag);
    }
  });
});
