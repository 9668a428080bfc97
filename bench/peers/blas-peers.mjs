// `pnpm bench:peers`: shardwise's wasm and native kernels beside NumPy and PyTorch on the same
// cores, for the GEMM-heavy workloads (mnist, deep; f32), at 1 and 2 workers / threads:
//   node bench/peers/blas-peers.mjs [--workload mnist,deep] [--seconds 2] [--json]
// Every peer trains the same rows from the same initial weights with plain SGD (lr 0.01) on
// batches in order; its first 3 losses are checked against shardwise's (ts kernels, 1 worker).
// Then, after a warm-up of each, 5 rounds in which every peer trains seconds/5 in turn (all see
// the same load on a shared machine); samples/s are medians. Thread counts are set explicitly:
// shardwise's workers (its CBLAS runs one thread per worker), OPENBLAS_NUM_THREADS (and
// OMP_NUM_THREADS) for NumPy, and torch.set_num_threads plus the same variables for PyTorch.
// Peers: NumPy from `python3` (e.g. pip's, with its own OpenBLAS), NumPy and PyTorch from
// Debian's /usr/bin/python3 (python3-numpy, python3-torch: the system OpenBLAS); each is skipped
// with its reason where it does not import. No TensorFlow.js or brain.js (see compare.mjs): this
// needs only the workspace built (`pnpm build`). About 2 minutes with the defaults.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { nativeKernelsInfo, nativeKernelsUnavailable } from '../../packages/worker/dist/index.js';
import { numpyFiles } from './lib/numpy-peer.mjs';
import { pythonMissing, startPythonPeer } from './lib/python-peer.mjs';
import {
  describeModel,
  engineRunner,
  epochSteps,
  initialParameters,
  machineInfo,
  median,
  namedWorkload,
  shardwiseLosses,
  workloadData,
} from './lib/shardwise.mjs';
import { measureInterleaved } from './lib/timing.mjs';

const SEED = 1;
const LR = 0.01;
const CHECK_STEPS = 3;
const TOLERANCE = 1e-3;
const THREADS = [1, 2];
const NUMPY_SCRIPT = fileURLToPath(new URL('./numpy_mlp.py', import.meta.url));
const TORCH_SCRIPT = fileURLToPath(new URL('./torch_mlp.py', import.meta.url));
const USER_PYTHON = process.env.PYTHON ?? 'python3';
/**
 * PyTorch's own OpenMP threads sleep when idle instead of spinning: Debian's torch calls the
 * pthread OpenBLAS, whose threads run the GEMMs, so spinning OpenMP threads would take the cores
 * they need (4 busy threads on 2 cores; README.md, "What was wrong with the 2-thread rows").
 */
const TORCH_ENV = { OMP_WAIT_POLICY: 'PASSIVE' };
const SYSTEM_PYTHON = process.env.SYSTEM_PYTHON ?? '/usr/bin/python3';

function parseArgs(argv) {
  const value = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const workloads = (value('--workload') ?? 'mnist,deep').split(',');
  for (const name of workloads) {
    if (name !== 'mnist' && name !== 'deep') throw new Error(`--workload: mnist or deep, got ${name}`);
  }
  const seconds = Number(value('--seconds') ?? 2);
  if (!(seconds > 0)) throw new Error('--seconds must be a positive number');
  return { json: argv.includes('--json'), workloads, seconds, repetitions: 5 };
}

const args = parseArgs(process.argv.slice(2));
const progress = (text) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
};

/** The Python trainers available here: which interpreter, which script, and why one is missing. */
function pythonPeers() {
  const peers = [];
  const skipped = [];
  const numpyPath = (python) => {
    const missing = pythonMissing(python, ['numpy']);
    if (missing) return { missing };
    const probe = startProbe(python, 'import numpy; print(numpy.__file__)');
    return { file: probe };
  };
  const user = numpyPath(USER_PYTHON);
  const system = existsSync(SYSTEM_PYTHON)
    ? numpyPath(SYSTEM_PYTHON)
    : { missing: `${SYSTEM_PYTHON} not found` };
  if (user.file) peers.push({ name: 'numpy', python: USER_PYTHON, script: NUMPY_SCRIPT });
  else skipped.push({ peer: 'numpy', note: user.missing });
  // Debian's NumPy only where it is another installation than the first one.
  if (system.file && system.file !== user.file)
    peers.push({ name: 'numpy (Debian)', python: SYSTEM_PYTHON, script: NUMPY_SCRIPT });
  else if (!system.file) skipped.push({ peer: 'numpy (Debian)', note: system.missing });
  const torchPython = [SYSTEM_PYTHON, USER_PYTHON].find(
    (python) => pythonMissing(python, ['torch', 'numpy']) === null,
  );
  if (torchPython) peers.push({ name: 'pytorch', python: torchPython, script: TORCH_SCRIPT, torch: true });
  else
    skipped.push({
      peer: 'pytorch',
      note: `torch does not import in ${SYSTEM_PYTHON} or ${USER_PYTHON} (apt-get install python3-torch)`,
    });
  return { peers, skipped };
}

/** What `python -c code` printed (its first line), as a resolved path. */
function startProbe(python, code) {
  return realpathSync.native(spawnSync(python, ['-c', code], { encoding: 'utf8' }).stdout.trim());
}

function agreement(losses, reference) {
  const difference = Math.max(
    ...losses.map((loss, i) => Math.abs(loss - reference[i]) / Math.abs(reference[i])),
  );
  return { check: difference < TOLERANCE ? 'OK' : 'MISMATCH', difference };
}

/** `OpenBLAS Haswell, 0.3.21 (libopenblasp-r0.3.21.so)` from what the Python side reported. */
function describeBlas(blas) {
  if (!blas?.library) return 'BLAS unknown';
  const file = blas.library.split('/').pop();
  const version = /OpenBLAS (\S+)/.exec(blas.config ?? '')?.[1];
  return blas.corename
    ? `OpenBLAS ${version ?? ''} ${blas.corename} kernels (${file})`.replace('  ', ' ')
    : file;
}

async function compareWorkload(name, python) {
  const workload = namedWorkload(name, 'f32');
  const batch = workload.batchSize;
  const steps = epochSteps(workload, batch);
  const data = workloadData(workload.mlp, steps * batch, SEED);
  const initial = initialParameters(workload.mlp, SEED);
  const sgd = { kind: 'sgd', lr: LR };
  const repetitionSeconds = args.seconds / args.repetitions;
  progress(`${name}: reference losses`);
  const reference = await shardwiseLosses(workload, data, initial, sgd, {
    workers: 1,
    batchSize: batch,
    steps: CHECK_STEPS,
    kernels: 'ts',
  });
  const peers = [];
  const skipped = [...python.skipped];
  const nativeMissing = nativeKernelsUnavailable();
  if (nativeMissing) skipped.push({ peer: 'shardwise native', note: nativeMissing });
  for (const kernels of nativeMissing ? ['wasm'] : ['wasm', 'native']) {
    for (const workers of THREADS) {
      progress(`${name}: starting shardwise ${kernels}, ${workers} workers`);
      const losses = await shardwiseLosses(workload, data, initial, sgd, {
        workers,
        batchSize: batch,
        steps: CHECK_STEPS,
        kernels,
      });
      peers.push({
        peer: `shardwise ${kernels}, ${workers} worker${workers === 1 ? '' : 's'}`,
        key: `shardwise-${kernels}-${workers}`,
        kind: `shardwise-${kernels}`,
        threads: workers,
        note: kernels === 'native' ? `${describeNative()}, 1 BLAS thread per worker` : undefined,
        ...agreement(losses, reference),
        runner: engineRunner(
          { workload, workers, globalBatch: batch, data, initial, optimizer: sgd, kernels },
          repetitionSeconds,
        ),
      });
    }
  }
  const stored = numpyFiles(workload, data, initial);
  try {
    for (const peer of python.peers) {
      for (const threads of THREADS) {
        progress(`${name}: starting ${peer.name}, ${threads} threads`);
        const started = await startPythonPeer({
          python: peer.python,
          script: peer.script,
          args: peer.torch ? [String(threads)] : [],
          env: peer.torch ? TORCH_ENV : {},
          workload,
          stored,
          lr: LR,
          checkSteps: CHECK_STEPS,
          threads,
          tag: `${peer.name.replace(/\W+/g, '-')}-${threads}`,
        });
        const version = started.first.torch ?? started.first.numpy;
        peers.push({
          peer: `${peer.name}, ${threads} thread${threads === 1 ? '' : 's'}`,
          key: `${peer.name}-${threads}`,
          kind: peer.torch ? 'pytorch' : 'numpy',
          threads,
          note: `${peer.torch ? 'torch' : 'numpy'} ${version}, ${describeBlas(started.first.blas)}, ${peer.python}`,
          ...agreement(started.losses, reference),
          runner: started,
        });
      }
    }
  } finally {
    stored.remove();
  }
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
  const rows = peers.map(({ runner: _runner, ...peer }) => {
    const values = rates.get(peer.key);
    return {
      workload: name,
      ...peer,
      samplesPerSecond: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
    };
  });
  const best = rows.find((row) => row.key === (nativeMissing ? 'shardwise-wasm-2' : 'shardwise-native-2'));
  for (const row of rows) row.ratio = best.samplesPerSecond / row.samplesPerSecond;
  return {
    workload: name,
    model: `${describeModel(workload.mlp)}, batch ${batch}`,
    rows,
    skipped: skipped.map((peer) => ({ workload: name, ...peer, check: 'n/a' })),
    against: best.peer,
  };
}

function describeNative() {
  const info = nativeKernelsInfo();
  if (!info) return 'native';
  const version = /OpenBLAS (\S+)/.exec(info.config ?? '')?.[1];
  return `${info.vendor}${version ? ` ${version}` : ''}${info.corename ? ` ${info.corename} kernels` : ''}`;
}

/** The comparisons the issue asks for, from one workload's rows. */
function verdicts(result) {
  const rate = (key) => result.rows.find((row) => row.key === key)?.samplesPerSecond;
  const bestOf = (kind, threads) =>
    Math.max(
      ...result.rows
        .filter((row) => row.kind === kind && (threads === undefined || row.threads === threads))
        .map((row) => row.samplesPerSecond),
    );
  const lines = [];
  const add = (description, mine, theirs) => {
    if (mine === undefined || !Number.isFinite(theirs)) return;
    lines.push({ workload: result.workload, description, ratio: mine / theirs });
  };
  add('native ÷ wasm, 1 worker', rate('shardwise-native-1'), rate('shardwise-wasm-1'));
  add('native ÷ wasm, 2 workers', rate('shardwise-native-2'), rate('shardwise-wasm-2'));
  add(
    'native 2 workers ÷ best NumPy (any build, 1 or 2 threads)',
    rate('shardwise-native-2'),
    bestOf('numpy'),
  );
  add('native 2 workers ÷ PyTorch 2 threads', rate('shardwise-native-2'), bestOf('pytorch', 2));
  add('wasm 2 workers ÷ best NumPy', rate('shardwise-wasm-2'), bestOf('numpy'));
  return lines;
}

const count = (value) => Math.round(value).toLocaleString('en-US');
const compact = (value) => (value >= 1e3 ? `${(value / 1e3).toPrecision(3)}k` : value.toPrecision(3));

function formatTable(machine, results, seconds) {
  const out = [
    `machine  ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; ${machine.date}`,
    `method   sgd, lr ${LR}, f32; loss check: first ${CHECK_STEPS} steps vs shardwise ts (relative difference < ${TOLERANCE}); samples/s: median of ${args.repetitions} × ${(args.seconds / args.repetitions).toPrecision(2)} s, peers interleaved, after a warm-up`,
  ];
  for (const result of results) {
    out.push('', `${result.workload} — ${result.model}; "÷ peer": ${result.against} divided by the peer`);
    out.push(
      `  ${'peer'.padEnd(30)}  ${'loss check'.padEnd(14)}  ${'samples/s'.padStart(10)}  ${'min–max'.padStart(13)}  ${'÷ peer'.padStart(7)}  note`,
    );
    for (const row of result.rows) {
      const check = `${row.check} ${row.difference.toExponential(1)}`;
      out.push(
        `  ${row.peer.padEnd(30)}  ${check.padEnd(14)}  ${count(row.samplesPerSecond).padStart(10)}  ${`${compact(row.min)}–${compact(row.max)}`.padStart(13)}  ${`${row.ratio.toFixed(2)}×`.padStart(7)}  ${row.note ?? ''}`.trimEnd(),
      );
    }
    for (const row of result.skipped) out.push(`  ${row.peer.padEnd(30)}  n/a             ${row.note}`);
    out.push('  ratios in this run:');
    for (const verdict of verdicts(result))
      out.push(`    ${verdict.ratio.toFixed(2)}×  ${verdict.description}`);
  }
  out.push('', `(${seconds.toFixed(0)} s in all)`);
  return out.join('\n');
}

const started = performance.now();
const machine = {
  type: 'machine',
  ...machineInfo('f32', nativeKernelsUnavailable() === null),
  date: new Date().toISOString(),
};
const python = pythonPeers();
const results = [];
for (const name of args.workloads) results.push(await compareWorkload(name, python));
if (args.json) {
  console.log(JSON.stringify(machine));
  for (const result of results) {
    for (const row of [...result.rows, ...result.skipped])
      console.log(JSON.stringify({ type: 'peer', ...row }));
    for (const verdict of verdicts(result)) console.log(JSON.stringify({ type: 'ratio', ...verdict }));
  }
} else {
  console.log(formatTable(machine, results, (performance.now() - started) / 1000));
}
const mismatches = results.flatMap((result) => result.rows).filter((row) => row.check === 'MISMATCH');
process.exitCode = mismatches.length > 0 ? 1 : 0;
