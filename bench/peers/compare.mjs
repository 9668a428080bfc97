// shardwise side by side with other trainers, all measured in one run:
//   node bench/peers/compare.mjs [--quick] [--json] [--workload tiny,mnist] [--seconds 2]
// For each workload (tiny, mnist, deep, mse; f32): the same rows and the same initial weights for
// every peer; first a check that each peer's first losses (plain SGD, batches 0, 1, 2) agree with
// shardwise's, then samples/s — a warm-up of each peer, then 5 rounds in which every peer trains for
// seconds/5, so all of them see the same load on a shared machine — and shardwise's ratio to each.
// Needs the workspace built (`pnpm -w build`) and this folder installed
// (`pnpm --dir bench/peers install --ignore-workspace`); numpy is used when python3 has it.
import { performance } from 'node:perf_hooks';
import { BRAIN_VERSION, brainMismatch, brainTrainer } from './lib/brain-peer.mjs';
import { numpyAvailable, numpyFiles, startNumpy } from './lib/numpy-peer.mjs';
import { formatReport, summarizeTargets } from './lib/report.mjs';
import {
  coreTrainer,
  describeModel,
  engineRunner,
  epochSteps,
  initialParameters,
  machineInfo,
  median,
  namedWorkload,
  shardwiseLosses,
  WORKLOAD_NAMES,
  wasmKernelsAvailable,
  workloadData,
} from './lib/shardwise.mjs';
import { startTfjs, TFJS_VERSIONS } from './lib/tfjs-client.mjs';
import { measureInterleaved, syncRunner } from './lib/timing.mjs';

const SEED = 1;
const LR = 0.01;
const CHECK_STEPS = 3;
/** Largest relative difference of a check loss from shardwise's that still counts as agreement (f32). */
const TOLERANCE = 1e-3;
/** shardwise's default kernels (what `kernels: 'auto'` picks) come first; the other one beside them. */
const DEFAULT_KERNELS = wasmKernelsAvailable() ? 'wasm' : 'ts';
const KERNELS = DEFAULT_KERNELS === 'wasm' ? ['wasm', 'ts'] : ['ts'];

function parseArgs(argv) {
  const value = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const workloads = (value('--workload') ?? WORKLOAD_NAMES.join(',')).split(',');
  for (const name of workloads) {
    if (!WORKLOAD_NAMES.includes(name)) throw new Error(`--workload: unknown workload ${name}`);
  }
  const seconds = Number(value('--seconds') ?? (quick ? 0.5 : 2));
  if (!(seconds > 0)) throw new Error('--seconds must be a positive number');
  return { quick, json: argv.includes('--json'), workloads, seconds, repetitions: 5 };
}

const args = parseArgs(process.argv.slice(2));
const progress = (text) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
};
const emit = (record) => {
  if (args.json) console.log(JSON.stringify(record));
};

function agreement(losses, reference) {
  const difference = Math.max(
    ...losses.map((loss, i) => Math.abs(loss - reference[i]) / Math.abs(reference[i])),
  );
  return { check: difference < TOLERANCE ? 'OK' : 'MISMATCH', difference, losses };
}

function measured(rates) {
  return { rates, samplesPerSecond: median(rates), min: Math.min(...rates), max: Math.max(...rates) };
}

/** Starts every peer on the workload, checks its first losses, and returns them ready to measure. */
async function startPeers(name, workload, data, initial, steps, numpy) {
  const batch = workload.batchSize;
  const sgd = { kind: 'sgd', lr: LR };
  const repetitionSeconds = args.seconds / args.repetitions;
  const peers = [];
  const skipped = [];
  const lossesOf = (workers, kernels, batchSize = batch) =>
    shardwiseLosses(workload, data, initial, sgd, { workers, batchSize, steps: CHECK_STEPS, kernels });
  // The reference: the TypeScript kernels, 1 worker.
  const reference = await lossesOf(1, 'ts');

  for (const kernels of KERNELS) {
    for (const workers of [1, 2]) {
      const label = `shardwise ${kernels}, ${workers} worker${workers === 1 ? '' : 's'}`;
      progress(`${name}: starting ${label}`);
      const isReference = kernels === 'ts' && workers === 1;
      peers.push({
        peer: label,
        key: kernels === DEFAULT_KERNELS ? `shardwise-${workers}` : `shardwise-${kernels}-${workers}`,
        note: kernels === DEFAULT_KERNELS ? 'the default kernels' : undefined,
        ...(isReference
          ? { check: 'reference', difference: 0, losses: reference }
          : agreement(await lossesOf(workers, kernels), reference)),
        runner: engineRunner(
          { workload, workers, globalBatch: batch, data, initial, optimizer: sgd, kernels },
          repetitionSeconds,
        ),
      });
    }
  }

  const checker = coreTrainer(workload, data, initial, sgd);
  const coreLosses = Array.from({ length: CHECK_STEPS }, (_, s) => checker.step(s));
  const core = coreTrainer(workload, data, initial, sgd);
  peers.push({
    peer: 'shardwise ts, no engine',
    key: 'shardwise-core',
    note: 'core forwardBackward + SGD on the main thread (not a library path)',
    ...agreement(coreLosses, reference),
    runner: syncRunner((s) => core.step(s), { batch, epochSteps: steps }),
  });

  for (const backend of ['cpu', 'wasm']) {
    progress(`${name}: starting TensorFlow.js ${backend}`);
    const tfjs = await startTfjs(backend, {
      workload,
      data,
      initial,
      lr: LR,
      epochSteps: steps,
      checkSteps: CHECK_STEPS,
    });
    peers.push({
      peer: `tfjs ${backend}`,
      key: `tfjs-${backend}`,
      note:
        backend === 'wasm'
          ? `${tfjs.info.threads === 1 ? '1 thread' : 'multithreaded'}, SIMD ${tfjs.info.simd}`
          : '1 thread',
      ...agreement(tfjs.losses, reference),
      runner: tfjs,
    });
  }

  if (numpy.version !== null) {
    const stored = numpyFiles(workload, data, initial);
    try {
      for (const threads of [undefined, 1]) {
        progress(`${name}: starting numpy${threads ? ', 1 thread' : ''}`);
        const started = await startNumpy(workload, stored, { lr: LR, checkSteps: CHECK_STEPS, threads });
        peers.push({
          peer: threads ? 'numpy, 1 BLAS thread' : 'numpy',
          key: threads ? 'numpy-1' : 'numpy',
          note: threads ? 'OPENBLAS_NUM_THREADS=1' : 'OpenBLAS default threads',
          ...agreement(started.losses, reference),
          runner: started,
        });
      }
    } finally {
      stored.remove(); // numpy_mlp.py has read its files by the time it answers
    }
  } else {
    skipped.push({ peer: 'numpy', key: 'numpy', check: 'n/a', note: numpy.reason });
  }

  const mismatch = brainMismatch(workload);
  if (mismatch) skipped.push({ peer: 'brain.js', key: 'brain', check: 'n/a', note: mismatch });
  else {
    // brain.js only trains row by row: check against shardwise at batch 1, measure its per-row loop.
    const referenceAt1 = await lossesOf(1, 'ts', 1);
    const brainChecker = brainTrainer(workload, data, initial, LR);
    const losses = Array.from({ length: CHECK_STEPS }, (_, row) => brainChecker.step(row, true));
    const brain = brainTrainer(workload, data, initial, LR);
    peers.push({
      peer: 'brain.js',
      key: 'brain',
      note: 'batch 1 (its only mode); checked against shardwise at batch 1',
      ...agreement(losses, referenceAt1),
      runner: syncRunner((row) => brain.step(row), { batch: 1, epochSteps: brain.rows }),
    });
  }
  return { peers, skipped };
}

async function compareWorkload(name, numpy) {
  const workload = namedWorkload(name, 'f32');
  const batch = workload.batchSize;
  const steps = epochSteps(workload, batch);
  const data = workloadData(workload.mlp, steps * batch, SEED);
  const initial = initialParameters(workload.mlp, SEED);
  const { peers, skipped } = await startPeers(name, workload, data, initial, steps, numpy);
  let rates;
  try {
    rates = await measureInterleaved(
      new Map(peers.map((peer) => [peer.key, peer.runner])),
      { seconds: args.seconds, repetitions: args.repetitions, warmup: Math.min(1, args.seconds / 2) },
      (round) => progress(`${name}: repetition ${round + 1}/${args.repetitions} of every peer`),
    );
  } finally {
    for (const peer of peers) await peer.runner.close?.();
  }
  progress('');

  const rows = [
    ...peers.map(({ runner: _runner, ...peer }) => ({
      workload: name,
      ...peer,
      ...measured(rates.get(peer.key)),
    })),
    ...skipped.map((peer) => ({ workload: name, ...peer })),
  ];
  const one = rows.find((row) => row.key === 'shardwise-1').samplesPerSecond;
  const two = rows.find((row) => row.key === 'shardwise-2').samplesPerSecond;
  for (const row of rows) {
    if (row.samplesPerSecond === undefined) continue;
    row.ratio1 = one / row.samplesPerSecond;
    row.ratio2 = two / row.samplesPerSecond;
  }
  return { workload: name, model: `${describeModel(workload.mlp)}, batch ${batch}`, rows };
}

const started = performance.now();
const numpy = numpyAvailable();
const machine = {
  type: 'machine',
  ...machineInfo('f32'),
  date: new Date().toISOString(),
  seconds: args.seconds,
  repetitions: args.repetitions,
  optimizer: `sgd, lr ${LR}`,
  kernels: DEFAULT_KERNELS,
  versions: {
    ...TFJS_VERSIONS,
    'brain.js': BRAIN_VERSION,
    numpy: numpy.version ?? numpy.reason,
    blas: numpy.blas || 'n/a',
    python: numpy.python ?? 'n/a',
  },
};
emit(machine);
const results = [];
for (const name of args.workloads) {
  const result = await compareWorkload(name, numpy);
  results.push(result);
  if (!args.json) continue;
  for (const row of result.rows) emit({ type: 'peer', ...row });
}
const targets = summarizeTargets(results);
if (args.json) {
  for (const target of targets) emit({ type: 'target', ...target });
} else {
  console.log(formatReport(machine, results, targets, (performance.now() - started) / 1000));
}
const mismatches = results.flatMap((r) => r.rows).filter((row) => row.check === 'MISMATCH');
process.exitCode = mismatches.length > 0 ? 1 : 0;
