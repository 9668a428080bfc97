// `pnpm bench:engine`: what the data-parallel engine costs and gains on this machine.
//  1. synchronisation per step on the tiny model (2-16-3, batch 64): in-process compute vs the
//     engine with 1 and 2 workers, and the alternative design (two pool.run rounds per step);
//  2. samples/s for 1 and 2 workers on 784-256-10 relu, batch 256, f32 (blobs);
//  3. short epochs: the same model on 8,192 rows (32 steps per epoch), trained epoch by epoch as
//     `train` does, 1 against 2 workers (wasm kernels unless --kernels says; --epochs-only runs
//     just this case);
//  4. resident memory with 1 vs 2 workers on a 100k × 784 f32 dataset (--memory).
// Prints a table, or one JSON object per line with --json. Figures are medians of repetitions.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  blobs,
  createMlp,
  createWorkspace,
  forwardBackward,
  initParameters,
  type MlpConfig,
  Optimizer,
  type OptimizerConfig,
  Rng,
} from '@shardwise/core';
import { Piscina } from 'piscina';
import { chooseWorkerCount } from '../choose-workers.js';
import { DataParallelEngine, type KernelBackend } from '../engine.js';
import { formatEpochScaling, measureEpochScaling } from './epoch-scaling.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const repetitions = quick ? 3 : 5;
const kernelsGiven = args.includes('--kernels');
const kernelsArg = kernelsGiven ? args[args.indexOf('--kernels') + 1] : 'ts';
if (kernelsArg !== 'ts' && kernelsArg !== 'wasm' && kernelsArg !== 'native')
  throw new Error('--kernels must be ts, wasm or native');
const kernels: KernelBackend = kernelsArg;

function report(record: Record<string, unknown>, line: string): void {
  console.log(json ? JSON.stringify(record) : line);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const adam: OptimizerConfig = { kind: 'adam', lr: 0.001 };

function dataFor(config: MlpConfig, rows: number) {
  const sizes = config.sizes;
  return blobs({
    samples: rows,
    features: sizes[0]!,
    classes: sizes[sizes.length - 1]!,
    seed: 1,
    dtype: config.dtype,
  });
}

/** Seconds per step of the whole pipeline run in this thread, with no engine at all. */
function inProcessStepSeconds(config: MlpConfig, batch: number, steps: number): number {
  const mlp = createMlp(config);
  const data = dataFor(config, batch * 8);
  const params = new Float32Array(mlp.layout.count);
  initParameters(mlp, params, new Rng(1));
  const grad = new Float32Array(params.length);
  const optimizer = new Optimizer(adam, params.length);
  const state = new Float32Array(optimizer.stateSize);
  const ws = createWorkspace(mlp, batch);
  const run = (count: number) => {
    for (let s = 0; s < count; s++) {
      const from = (s % 8) * batch;
      forwardBackward(mlp, params, grad, data, null, from, from + batch, ws);
      optimizer.update(params, grad, state, s + 1, 0, params.length);
    }
  };
  run(Math.min(steps, 200));
  const times: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const t0 = performance.now();
    run(steps);
    times.push((performance.now() - t0) / 1000 / steps);
  }
  return median(times);
}

/** Seconds per step through the engine with `workers` threads (whole epochs per run). */
async function engineStepSeconds(
  config: MlpConfig,
  batch: number,
  workers: number,
  minSeconds: number,
): Promise<number> {
  const data = dataFor(config, batch * 64);
  const engine = DataParallelEngine.create({
    mlp: config,
    data,
    batchSize: batch,
    workers,
    optimizer: adam,
    kernels,
  });
  try {
    const mlp = createMlp(config);
    const params = new Float32Array(mlp.layout.count);
    initParameters(mlp, params, new Rng(1));
    engine.load(params);
    const steps = engine.stepsPerEpoch();
    await engine.run(0, steps);
    const times: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      let done = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < minSeconds * 1000) done += await engine.run(0, steps);
      times.push((performance.now() - t0) / 1000 / done);
    }
    return median(times);
  } finally {
    await engine.close();
  }
}

/** Seconds of coordination per step if each step were two rounds of `workers` pool.run tasks. */
async function poolRunRoundTripSeconds(workers: number): Promise<number> {
  const pool = new Piscina({
    filename: new URL('./noop-task.js', import.meta.url).href,
    minThreads: workers,
    maxThreads: workers,
  });
  try {
    const round = () => Promise.all(Array.from({ length: workers }, (_, i) => pool.run(i)));
    for (let i = 0; i < 200; i++) await round();
    const times: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      const steps = 1000;
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) {
        await round(); // gradients
        await round(); // reduction + update
      }
      times.push((performance.now() - t0) / 1000 / steps);
    }
    return median(times);
  } finally {
    await pool.destroy();
  }
}

const AUTO_WORKLOADS: { name: string; config: MlpConfig; batch: number }[] = [
  {
    name: 'tiny',
    batch: 64,
    config: { sizes: [2, 16, 3], activation: 'sigmoid', loss: 'ce', outActivation: 'identity', dtype: 'f32' },
  },
  {
    name: 'spirals',
    batch: 64,
    config: {
      sizes: [2, 64, 64, 3],
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f32',
    },
  },
  {
    name: 'mse',
    batch: 128,
    config: { sizes: [64, 128, 8], activation: 'tanh', loss: 'ce', outActivation: 'identity', dtype: 'f32' },
  },
  {
    name: 'mnist',
    batch: 256,
    config: {
      sizes: [784, 256, 10],
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f32',
    },
  },
];

/** How the worker count that `auto` picks compares with the fastest fixed count, per workload. */
async function measureAutoChoice(): Promise<void> {
  const cores = Math.min(2, cpus().length);
  for (const { name, config, batch } of AUTO_WORKLOADS) {
    const seconds: number[] = [];
    for (let n = 1; n <= cores; n++) seconds.push(await engineStepSeconds(config, batch, n, quick ? 0.4 : 1));
    const auto = chooseWorkerCount(config.sizes, batch, cores, kernels);
    const best = Math.min(...seconds);
    const slower = seconds[auto - 1]! / best - 1;
    report(
      { type: 'auto', workload: name, stepUs: seconds.map((t) => t * 1e6), auto, slowerThanBest: slower },
      `auto on ${name.padEnd(8)} step µs ${seconds.map((t, i) => `${i + 1}w ${(t * 1e6).toFixed(0)}`).join(', ')}; auto picks ${auto}, ${(slower * 100).toFixed(1)}% slower than the best`,
    );
  }
}

/** In a child process: resident memory after training a few steps on 100k × 784 f32 rows. */
async function memoryChild(workers: number): Promise<void> {
  const config: MlpConfig = {
    sizes: [784, 256, 10],
    activation: 'relu',
    loss: 'ce',
    outActivation: 'identity',
    dtype: 'f32',
  };
  const data = dataFor(config, 100_000);
  const engine = DataParallelEngine.create({ mlp: config, data, batchSize: 256, workers, optimizer: adam });
  const mlp = createMlp(config);
  const params = new Float32Array(mlp.layout.count);
  initParameters(mlp, params, new Rng(1));
  engine.load(params);
  await engine.run(0, 4);
  console.log(JSON.stringify({ rss: process.memoryUsage().rss, dataBytes: data.x.byteLength }));
  await engine.close();
}

function measureMemory(): void {
  const script = fileURLToPath(import.meta.url);
  const rss = [1, 2].map((workers) => {
    const out = execFileSync(process.execPath, [script, '--memory-child', String(workers)], {
      encoding: 'utf8',
    });
    return JSON.parse(out) as { rss: number; dataBytes: number };
  });
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  report(
    {
      type: 'memory',
      rows: 100_000,
      features: 784,
      dataBytes: rss[0]!.dataBytes,
      rss1: rss[0]!.rss,
      rss2: rss[1]!.rss,
    },
    `memory, 100k × 784 f32 (${mb(rss[0]!.dataBytes)} MiB of features): RSS 1 worker ${mb(rss[0]!.rss)} MiB, 2 workers ${mb(rss[1]!.rss)} MiB, second worker adds ${mb(rss[1]!.rss - rss[0]!.rss)} MiB`,
  );
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  report(
    { type: 'machine', cpu, cores: cpus().length, node: process.version, kernels },
    `machine: ${cpu}, ${cpus().length} cores, Node ${process.version}, ${kernels} kernels`,
  );

  const tiny: MlpConfig = {
    sizes: [2, 16, 3],
    activation: 'sigmoid',
    loss: 'ce',
    outActivation: 'identity',
    dtype: 'f32',
  };
  const inProcess = inProcessStepSeconds(tiny, 64, 5000);
  const seconds = quick ? 0.5 : 1;
  const one = await engineStepSeconds(tiny, 64, 1, seconds);
  const two = await engineStepSeconds(tiny, 64, 2, seconds);
  const poolRun = await poolRunRoundTripSeconds(2);
  const us = (s: number) => (s * 1e6).toFixed(1);
  report(
    {
      type: 'sync',
      workload: 'tiny',
      inProcessUs: inProcess * 1e6,
      engine1Us: one * 1e6,
      engine2Us: two * 1e6,
      poolRun2Us: poolRun * 1e6,
    },
    [
      'tiny 2-16-3 sigmoid, batch 64, f32 — microseconds per step (median):',
      `  in-process compute, no engine       ${us(inProcess)}`,
      `  engine, 1 worker (barriers)         ${us(one)}   overhead ${us(one - inProcess)}`,
      `  engine, 2 workers (barriers)        ${us(two)}`,
      `  2 × pool.run rounds, 2 workers      ${us(poolRun)}   (coordination alone, no compute)`,
    ].join('\n'),
  );

  const mnist: MlpConfig = {
    sizes: [784, 256, 10],
    activation: 'relu',
    loss: 'ce',
    outActivation: 'identity',
    dtype: 'f32',
  };
  const mnistSeconds = quick ? 1 : 3;
  const m1 = await engineStepSeconds(mnist, 256, 1, mnistSeconds);
  const m2 = await engineStepSeconds(mnist, 256, 2, mnistSeconds);
  report(
    {
      type: 'throughput',
      workload: 'mnist',
      samplesPerSecond1: 256 / m1,
      samplesPerSecond2: 256 / m2,
      speedup: m1 / m2,
    },
    `mnist 784-256-10 relu, batch 256, f32: 1 worker ${(256 / m1).toFixed(0)} samples/s, 2 workers ${(256 / m2).toFixed(0)} samples/s, speedup ${(m1 / m2).toFixed(2)}×`,
  );
}

/** Short epochs, as `train` runs them: 1 against 2 workers (what the trainer's default kernels, wasm, do unless --kernels). */
async function measureShortEpochs(): Promise<void> {
  const result = await measureEpochScaling(kernelsGiven ? kernels : 'wasm', quick ? 3 : 7, quick ? 3 : 5);
  const [one, two] = result.epochRun;
  report(
    {
      type: 'epochs',
      workload: 'mnist',
      rows: 8192,
      stepsPerEpoch: 32,
      kernels: result.kernels,
      samplesPerSecond1: one,
      samplesPerSecond2: two,
      speedup: two / one,
      chunked4: { samplesPerSecond1: result.chunked[0], samplesPerSecond2: result.chunked[1] },
    },
    formatEpochScaling(result),
  );
}

const child = args.indexOf('--memory-child');
if (child >= 0) await memoryChild(Number(args[child + 1]));
else if (args.includes('--epochs-only')) await measureShortEpochs();
else {
  await main();
  await measureShortEpochs();
  if (!args.includes('--no-auto')) await measureAutoChoice();
  if (args.includes('--memory')) measureMemory();
}
