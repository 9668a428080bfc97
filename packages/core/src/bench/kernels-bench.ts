// `pnpm bench:kernels`: throughput of the core kernels on this machine.
//
//   node packages/core/dist/bench/kernels-bench.js [--sizes 64,512] [--quick] [--json] [--reps N]
//
// Prints the machine first, then each section's rows: a table by default, one JSON object per
// line with --json. Sections are listed in BENCH_SECTIONS at the bottom of this file.
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { allocate, DTYPES, type DType, type FloatArray } from '../dtype.js';
import { gemm } from '../kernels/gemm.js';
import { mlpStepSection } from './mlp-step-bench.js';
import { naiveGemm } from './naive-gemm.js';
import { wasmGemmSection } from './wasm-gemm-bench.js';

export interface BenchOptions {
  /** Square problem sizes to run. */
  readonly sizes: readonly number[];
  /** Timed samples per measurement; the median is reported. */
  readonly repetitions: number;
  /** Shorter warm-up and samples, for a smoke run. */
  readonly quick: boolean;
  readonly json: boolean;
}

/** What a section gets: the options, a timer and a printer, so it needs nothing else from here. */
export interface BenchContext {
  readonly options: BenchOptions;
  /** Median seconds per call of `run`, after warm-up, over `options.repetitions` timed samples. */
  medianSeconds(run: () => void): number;
  /** A heading and table header; silent with --json. */
  heading(lines: string): void;
  /** One result: `row` as a JSON line with --json, `line` as a table row otherwise. */
  report(row: Record<string, unknown>, line: string): void;
}

export interface BenchSection {
  readonly name: string;
  run(context: BenchContext): void;
}

const DEFAULT_SIZES = [64, 128, 256, 512, 1024];
const QUICK_SIZES = [64, 256];
const DEFAULT_REPETITIONS = 7;
const MIN_REPETITIONS = 5;
/** The naive loop runs at under 1 GFLOP/s: at 1024 one call takes seconds, so it stops here. */
const NAIVE_MAX_SIZE = 512;

const USAGE = 'usage: kernels-bench [--sizes 64,512] [--quick] [--json] [--reps N (>= 5)]';

// ─── Timing and output ───────────────────────────────────────────────────────────────────────────

function createContext(options: BenchOptions): BenchContext {
  // Short calls are batched so each timed sample lasts long enough for the clock to resolve it.
  const warmupMs = options.quick ? 50 : 200;
  const minSampleMs = options.quick ? 5 : 20;
  return {
    options,
    medianSeconds(run) {
      let calls = 0;
      let lastCallMs = 0;
      const warmupStart = performance.now();
      while (calls < 2 || performance.now() - warmupStart < warmupMs) {
        const start = performance.now();
        run();
        lastCallMs = performance.now() - start;
        calls++;
      }
      const batch = Math.max(1, Math.ceil(minSampleMs / Math.max(lastCallMs, 1e-3)));
      const samples: number[] = [];
      for (let r = 0; r < options.repetitions; r++) {
        const start = performance.now();
        for (let i = 0; i < batch; i++) run();
        samples.push((performance.now() - start) / 1000 / batch);
      }
      return median(samples);
    },
    heading(lines) {
      if (!options.json) console.log(`\n${lines}`);
    },
    report(row, line) {
      console.log(options.json ? JSON.stringify(row) : line);
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function printMachine(json: boolean): void {
  const cpus = os.cpus();
  const machine = { cpu: cpus[0]?.model.trim() ?? 'unknown CPU', cores: cpus.length, node: process.version };
  console.log(
    json
      ? JSON.stringify({ kind: 'machine', ...machine })
      : `machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`,
  );
}

// ─── GEMM section ────────────────────────────────────────────────────────────────────────────────

const VARIANTS = [
  { name: 'NN', transA: false, transB: false },
  { name: 'TN', transA: true, transB: false },
  { name: 'NT', transA: false, transB: true },
  { name: 'TT', transA: true, transB: true },
] as const;

/** Deterministic fill in [-1, 1), so every run multiplies the same matrices. */
function filledMatrix(dtype: DType, length: number, seed: number): FloatArray {
  const data = allocate(dtype, length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state / 2147483648 - 1;
  }
  return data;
}

/** Guards the comparison: the fast and naive NN results must agree before their speeds are compared. */
function assertSameProduct(fast: FloatArray, naive: FloatArray, size: number, dtype: DType): void {
  const tolerance = (dtype === 'f32' ? 1e-5 : 1e-12) * size;
  for (let i = 0; i < naive.length; i++) {
    if (!(Math.abs(fast[i]! - naive[i]!) <= tolerance)) {
      throw new Error(
        `gemm and naive NN disagree at ${dtype} ${size}, element ${i}: ${fast[i]} vs ${naive[i]}`,
      );
    }
  }
}

const gemmSection: BenchSection = {
  name: 'gemm',
  run(context) {
    const { options } = context;
    context.heading(
      [
        `gemm: GFLOP/s = 2·m·n·k / median time of ${options.repetitions} samples after warm-up (m = n = k = size);`,
        'naive = plain i-k-j typed-array loop, NN only, measured in this run; speedup = gemm / naive NN.',
        `${'dtype'.padEnd(6)}${'variant'.padEnd(9)}${'size'.padStart(5)}${'gemm'.padStart(9)}${'naive'.padStart(9)}${'speedup'.padStart(9)}`,
      ].join('\n'),
    );
    for (const dtype of DTYPES) {
      for (const size of options.sizes) {
        const a = filledMatrix(dtype, size * size, 1);
        const b = filledMatrix(dtype, size * size, 2);
        const c = allocate(dtype, size * size);
        const flops = 2 * size * size * size;

        let naiveGflops: number | null = null;
        if (size <= NAIVE_MAX_SIZE) {
          const naiveC = allocate(dtype, size * size);
          naiveGflops = flops / context.medianSeconds(() => naiveGemm(size, size, size, a, b, naiveC)) / 1e9;
          gemm(false, false, size, size, size, 1, a, 0, size, b, 0, size, 0, c, 0, size);
          assertSameProduct(c, naiveC, size, dtype);
        }

        for (const { name, transA, transB } of VARIANTS) {
          const seconds = context.medianSeconds(() =>
            gemm(transA, transB, size, size, size, 1, a, 0, size, b, 0, size, 0, c, 0, size),
          );
          const gflops = flops / seconds / 1e9;
          const speedup = naiveGflops === null ? null : gflops / naiveGflops;
          const row: Record<string, unknown> = {
            kernel: 'gemm',
            variant: name,
            dtype,
            m: size,
            n: size,
            k: size,
            gflops: round2(gflops),
            naiveGflops: naiveGflops === null ? null : round2(naiveGflops),
            speedup: speedup === null ? null : round2(speedup),
          };
          if (naiveGflops === null) row.naiveSkipped = `too slow above ${NAIVE_MAX_SIZE}`;
          const naiveText =
            naiveGflops === null
              ? `   naive skipped: too slow above ${NAIVE_MAX_SIZE}`
              : `${naiveGflops.toFixed(2).padStart(9)}${`${speedup!.toFixed(2)}x`.padStart(9)}`;
          context.report(
            row,
            `${dtype.padEnd(6)}${name.padEnd(9)}${String(size).padStart(5)}${gflops.toFixed(2).padStart(9)}${naiveText}`,
          );
        }
      }
    }
  },
};

// ─── Benchmark sections ──────────────────────────────────────────────────────────────────────────
// Run in this order by `pnpm bench:kernels`. Each section lives in its own file as a
// `BenchSection` (it gets options, timer and printer through `BenchContext`).
export const BENCH_SECTIONS: readonly BenchSection[] = [gemmSection, wasmGemmSection, mlpStepSection];

// ─── Command line ────────────────────────────────────────────────────────────────────────────────

export function parseBenchOptions(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      reps: { type: 'string' },
    },
  });
  const quick = values.quick === true;
  const sizes =
    values.sizes === undefined ? (quick ? QUICK_SIZES : DEFAULT_SIZES) : values.sizes.split(',').map(Number);
  if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`--sizes wants positive integers separated by commas, got "${values.sizes}"`);
  }
  const repetitions =
    values.reps === undefined ? (quick ? MIN_REPETITIONS : DEFAULT_REPETITIONS) : Number(values.reps);
  if (!Number.isInteger(repetitions) || repetitions < MIN_REPETITIONS) {
    throw new Error(`--reps wants an integer >= ${MIN_REPETITIONS}, got "${values.reps}"`);
  }
  return { sizes, repetitions, quick, json: values.json === true };
}

export function main(args: readonly string[]): void {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  printMachine(options.json);
  const context = createContext(options);
  for (const section of BENCH_SECTIONS) section.run(context);
}

// Runs only as a script, so a section file may import the types and helpers above.
const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) main(process.argv.slice(2));
