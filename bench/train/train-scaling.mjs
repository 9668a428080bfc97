// `pnpm bench:train`: what `shardwise train` itself gives with 2 workers against 1 on the short
// epochs of issue #16 (mnist-like blobs 784-256-10 relu, batch 256, 8,192 rows: 32 steps per
// epoch, wasm kernels), run as a user runs it: a fresh `node packages/cli/dist/bin.js train
// --json` process per run, 1 and 2 workers in turn, `--rounds` rounds (interleaved, so that other
// load on the machine falls on both alike). From each run's JSON records:
//   steady     the median epoch of epochs 2..n (samples/s): the per-epoch rate, warm-up excluded;
//   epoch 1    the first epoch's seconds (threads still warming up);
//   set-up     the summary's `seconds` minus the sum of the epochs' (data, model, pool, close);
//   summary    the summary's samples/s (the epochs' own time, epoch 1 included);
//   whole run  rows × epochs ÷ the summary's `seconds` (set-up included);
//   process    the process's wall-clock seconds (node start and module loading included).
// Medians over the rounds, and each rate's 2-vs-1-worker ratio. Options:
//   --rounds 5  --epochs 8  --samples 8192  --kernels wasm  --node <path of another node binary>
//   --bin <bin.js of a build> (repeatable: each build runs in every round, interleaved, for a
//   before/after in one run; default this checkout's packages/cli/dist/bin.js)
//   --json (one JSON object instead of the table)
// Every run's final loss must match its workers' other runs bit for bit (the runs are
// deterministic); a mismatch is reported and exits 1. About 2 minutes with the defaults.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const OWN_BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const WORKERS = [1, 2];

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    epochs: { type: 'string', default: '8' },
    samples: { type: 'string', default: '8192' },
    kernels: { type: 'string', default: 'wasm' },
    node: { type: 'string', default: process.execPath },
    bin: { type: 'string', multiple: true, default: [OWN_BIN] },
    json: { type: 'boolean', default: false },
  },
});
const rounds = positiveInteger('rounds', values.rounds);
const epochs = positiveInteger('epochs', values.epochs);
const samples = positiveInteger('samples', values.samples);
if (epochs < 2) fail('--epochs must be at least 2 (epoch 1 is reported apart from the steady ones)');

function positiveInteger(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) fail(`--${name} must be a positive integer, got ${text}`);
  return value;
}

function fail(message) {
  console.error(`bench:train: ${message}`);
  process.exit(2);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One `train` process of build `bin`: its figures, from its JSON records. */
function runTrain(bin, workers) {
  const args = [
    bin,
    'train',
    ...['--dataset', 'blobs', '--features', '784', '--classes', '10', '--samples', String(samples)],
    ...['--hidden', '256', '--batch-size', '256', '--epochs', String(epochs)],
    ...['--kernels', values.kernels, '--workers', String(workers), '--json'],
  ];
  const started = performance.now();
  const out = execFileSync(values.node, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  const wall = (performance.now() - started) / 1000;
  const records = out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const epochRecords = records.filter((r) => r.type === 'epoch');
  const summary = records.find((r) => r.type === 'summary');
  const epochSeconds = epochRecords.map((r) => r.seconds);
  const sum = epochSeconds.reduce((a, b) => a + b, 0);
  return {
    steady: median(epochRecords.slice(1).map((r) => r.samplesPerSecond)),
    epoch1: epochSeconds[0],
    setup: summary.seconds - sum,
    summary: summary.samplesPerSecond,
    wholeRun: (samples * epochs) / summary.seconds,
    process: wall,
    loss: summary.loss,
    perEpoch: epochSeconds,
  };
}

const loadBefore = loadavg();
const runs = values.bin.map(() => new Map(WORKERS.map((w) => [w, []])));
for (let round = 0; round < rounds; round++)
  for (const w of WORKERS) for (const [b, bin] of values.bin.entries()) runs[b].get(w).push(runTrain(bin, w));
const loadAfter = loadavg();

const FIELDS = ['steady', 'epoch1', 'setup', 'summary', 'wholeRun', 'process'];
/** One build's medians, ratios and per-epoch seconds. */
function resultOf(bin, byWorkers) {
  const medians = Object.fromEntries(
    WORKERS.map((w) => [
      w,
      Object.fromEntries(FIELDS.map((f) => [f, median(byWorkers.get(w).map((r) => r[f]))])),
    ]),
  );
  const ratio = (field) => medians[2][field] / medians[1][field];
  const perEpochSeconds = Object.fromEntries(
    WORKERS.map((w) => [
      w,
      byWorkers.get(w)[0].perEpoch.map((_, e) => median(byWorkers.get(w).map((r) => r.perEpoch[e]))),
    ]),
  );
  const mismatched = WORKERS.filter((w) => new Set(byWorkers.get(w).map((r) => r.loss)).size !== 1);
  return {
    bin,
    medians,
    ratios: { steady: ratio('steady'), summary: ratio('summary'), wholeRun: ratio('wholeRun') },
    perEpochSeconds,
    finalLoss: Object.fromEntries(WORKERS.map((w) => [w, byWorkers.get(w)[0].loss])),
    mismatched,
  };
}
const builds = values.bin.map((bin, b) => resultOf(bin, runs[b]));
const result = {
  case: `blobs 784-256-10 relu, batch 256, ${samples} rows, ${epochs} epochs, ${values.kernels} kernels`,
  node: execFileSync(values.node, ['--version'], { encoding: 'utf8' }).trim(),
  rounds,
  loadAverage: { before: loadBefore.map((v) => +v.toFixed(2)), after: loadAfter.map((v) => +v.toFixed(2)) },
  builds,
};

if (values.json) console.log(JSON.stringify(result));
else {
  const rate = (v) => v.toFixed(0).padStart(8);
  const secs = (v) => v.toFixed(3).padStart(8);
  console.log(`${result.case}; ${result.node}; medians of ${rounds} interleaved rounds`);
  console.log(
    `load average (1/5/15 min) before ${loadBefore.map((v) => v.toFixed(2)).join(' ')}, after ${loadAfter.map((v) => v.toFixed(2)).join(' ')}`,
  );
  for (const build of builds) {
    const { medians, ratios } = build;
    console.log(`\n${build.bin}`);
    console.log('                                 1 worker  2 workers   2 vs 1');
    const row = (label, field, fmt, r) =>
      console.log(
        `${label.padEnd(32)} ${fmt(medians[1][field])}   ${fmt(medians[2][field])}   ${r ? `${r.toFixed(2)}×` : ''}`,
      );
    row('steady epoch (samples/s)', 'steady', rate, ratios.steady);
    row('summary samples/s', 'summary', rate, ratios.summary);
    row('whole run (samples/s)', 'wholeRun', rate, ratios.wholeRun);
    row('epoch 1 (s)', 'epoch1', secs);
    row('set-up outside epochs (s)', 'setup', secs);
    row('process wall-clock (s)', 'process', secs);
    for (const w of WORKERS)
      console.log(
        `epoch seconds, ${w} worker${w > 1 ? 's' : ''}: ${build.perEpochSeconds[w].map((v) => v.toFixed(3)).join(' ')}`,
      );
  }
}
// Runs are deterministic: the same build and worker count must end on the same loss every time,
// and every build on the same one (a change that alters results is reported).
const failures = builds.flatMap((b) =>
  b.mismatched.map((w) => `${b.bin} with ${w} workers varied between runs`),
);
for (const w of WORKERS) {
  if (new Set(builds.map((b) => b.finalLoss[w])).size > 1)
    failures.push(`the builds ended on different losses with ${w} workers`);
}
if (failures.length > 0) {
  for (const f of failures) console.error(`bench:train: ${f}`);
  process.exit(1);
}
