/**
 * The flags of `shardwise bench` as yargs option specs. Values reach benchOptionsFromArgv as the
 * text typed (number parsing is off in bin.ts), which validates them and names the flag in its
 * messages; defaults are only described here.
 */

import { ACTIVATIONS, DTYPES, LOSS_NAMES, OPTIMIZER_KINDS, OUTPUT_ACTIVATIONS } from '@shardwise/core';
import type { Options } from 'yargs';
import { KERNEL_CHOICES, switchFlag, valueFlag } from '../commands/flag-specs.js';
import { BENCH_DEFAULTS, MIN_REPETITIONS } from './bench-options.js';
import { SCALING_MODES } from './bench-types.js';
import { CUSTOM_DEFAULTS, WORKLOAD_NAMES } from './workloads.js';

const WHAT = 'What to measure:';
const CUSTOM = 'Custom workload (any of these selects it):';
const HOW = 'How to measure:';
const OUTPUT = 'Output:';

const C = CUSTOM_DEFAULTS;

export const BENCH_FLAGS = {
  workload: valueFlag(
    WHAT,
    'comma-separated: tiny (2-16-3 sigmoid, batch 64), mnist (784-256-10 relu, 256), deep (256-512-512-10 tanh, 512), mse (64-128-8 tanh, mse, 128), custom (see below)',
    `${WORKLOAD_NAMES.join(',')}, or custom when a custom flag is given`,
  ),
  workers: valueFlag(
    WHAT,
    'worker counts, comma-separated (1 is always measured: the baseline)',
    '1 up to the cores',
  ),
  mode: valueFlag(
    WHAT,
    'strong: fixed global batch; weak: fixed batch per worker (global = batch × workers)',
    BENCH_DEFAULTS.mode,
    SCALING_MODES,
  ),
  kernels: valueFlag(
    WHAT,
    'compute kernels, comma-separated to compare: WebAssembly SIMD, TypeScript, native (GEMMs on the system CBLAS), or auto (native where built and a layer has 1024+ weights, else wasm if supported)',
    'auto',
    KERNEL_CHOICES,
  ),
  'batch-size': valueFlag(
    WHAT,
    'rows per step (per worker with --mode weak), for every workload',
    'per workload',
  ),
  dtype: valueFlag(WHAT, 'float type of the model and data', BENCH_DEFAULTS.dtype, DTYPES),
  optimizer: valueFlag(WHAT, 'optimizer', BENCH_DEFAULTS.optimizer, OPTIMIZER_KINDS),
  features: valueFlag(CUSTOM, 'input width', C.features),
  hidden: valueFlag(CUSTOM, 'hidden layer widths, comma-separated, or none', C.hidden.join(',')),
  classes: valueFlag(CUSTOM, 'classes (ce) or output width (mse)', C.classes),
  activation: valueFlag(CUSTOM, 'hidden-layer activation', C.activation, ACTIVATIONS),
  loss: valueFlag(CUSTOM, 'loss', C.loss, LOSS_NAMES),
  'out-activation': valueFlag(CUSTOM, 'output activation for mse', C.outActivation, OUTPUT_ACTIVATIONS),
  seconds: valueFlag(HOW, 'measured seconds per point, split over the repetitions', BENCH_DEFAULTS.seconds),
  repetitions: valueFlag(
    HOW,
    `repetitions per point (at least ${MIN_REPETITIONS}); median and min–max`,
    MIN_REPETITIONS,
  ),
  seed: valueFlag(HOW, 'random seed of the data and the initial weights', BENCH_DEFAULTS.seed),
  json: switchFlag(OUTPUT, 'print one JSON object per line (machine, then one per point)', false),
  svg: valueFlag(OUTPUT, 'also write a plot (speedup and samples/s against workers) to this SVG file'),
  csv: valueFlag(OUTPUT, 'also write the results to this CSV file'),
  force: switchFlag(OUTPUT, 'let --svg and --csv replace files that already exist', false),
} satisfies Record<string, Options>;
