// `pnpm bench:mpi-layouts [--seconds 2] [--repeats 3] [--workloads mnist,deep] [--kernels K]
// [--latency-us 20]`: `shardwise bench` on the layouts (ranks × workers) 1 × 2 (one process),
// 2 × 1, 2 × 2 and 4 × 1 on this machine (layouts with more threads than cores are labelled
// oversubscribed), repeats interleaved, then a markdown table (median samples/s, ratio to 1 × 2,
// the exchange per step) and a projection, labelled as such, of the exchange on 10, 25 and
// 100 Gbit/s networks (see exchange-projection.mjs for the formula). A benchmark: it gates nothing.
//
// Each repeat runs, per workload, three jobs in a rotating order: one process with `--workers 2`
// (1 × 1 and 1 × 2), `mpirun -np 2 … --workers 2` (2 × 1 and 2 × 2) and `mpirun -np 4 … --workers 1`
// (4 × 1); bench always measures the 1-worker point first, so 1 × 1 comes for free.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { withoutMpiEnvironment } from '../../packages/mpi/dist/index.js';
import {
  allgatherBytesPerRank,
  allreduceBytesPerRank,
  exchangeMessages,
  parameterCount,
  projectedMs,
  sizesOfModel,
} from './exchange-projection.mjs';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const seconds = Number(option('--seconds', '2'));
const repeats = Number(option('--repeats', '3'));
const workloads = option('--workloads', 'mnist,deep').split(',');
const kernels = option('--kernels', undefined);
const latencyUs = Number(option('--latency-us', '20'));
const cores = availableParallelism();

/** The jobs of one repeat and workload: [ranks, --workers]. */
const JOBS = [
  [1, 2],
  [2, 2],
  [4, 1],
];
/** The layouts reported, in order; the first is the reference of the ratios. */
const LAYOUTS = [
  [1, 2],
  [2, 1],
  [2, 2],
  [4, 1],
];
const GBITS = [10, 25, 100];

const layoutName = (ranks, workers) => `${ranks} × ${workers}`;

/** Runs one bench job; resolves with its JSON result records. */
function runJob(workload, ranks, workers) {
  const bench = [
    BIN,
    'bench',
    '--json',
    '--workload',
    workload,
    '--workers',
    String(workers),
    '--seconds',
    String(seconds),
    ...(kernels ? ['--kernels', kernels] : []),
  ];
  const [command, commandArgs] =
    ranks === 1
      ? [process.execPath, bench]
      : [
          'mpirun',
          ['-np', String(ranks), '--oversubscribe', '--bind-to', 'none', process.execPath, ...bench],
        ];
  const job = spawnSync(command, commandArgs, {
    encoding: 'utf8',
    env: {
      ...withoutMpiEnvironment(process.env),
      OMPI_ALLOW_RUN_AS_ROOT: '1',
      OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
    },
    maxBuffer: 16 * 2 ** 20,
  });
  if (job.error) throw job.error;
  if (job.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed:\n${job.stderr}`);
  const records = job.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  return { machine: records[0], results: records.filter((record) => record.type === 'result') };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const count = (value) => Math.round(value).toLocaleString('en-US');

// Measure: repeats outermost, the job order rotating, so that a machine's drift spreads evenly.
const samples = new Map(); // `${workload} ${layout}` → result records
const models = new Map();
let machine = null;
for (let repeat = 0; repeat < repeats; repeat++) {
  for (const workload of workloads) {
    for (let j = 0; j < JOBS.length; j++) {
      const [ranks, workers] = JOBS[(j + repeat) % JOBS.length];
      process.stderr.write(
        `repeat ${repeat + 1}/${repeats}: ${workload}, ${ranks} rank(s), --workers ${workers}\n`,
      );
      const job = runJob(workload, ranks, workers);
      machine ??= job.machine;
      for (const result of job.results) {
        const key = `${workload} ${layoutName(result.ranks ?? 1, result.workers)}`;
        if (!samples.has(key)) samples.set(key, []);
        samples.get(key).push(result);
        models.set(workload, { model: result.model, dtype: job.machine.dtype });
      }
    }
  }
}

const out = [];
out.push(
  `Measured: ${machine.cpu}, ${cores} cores, Node ${machine.node}, ${machine.dtype}; ${repeats} interleaved repeats, each point ${seconds} s (median of 5 stretches); medians over the repeats.`,
  '',
  '| workload | layout (ranks × workers) | samples/s | vs 1 × 2 | exchange ms/step | exchange alone ms |',
  '|---|---|---:|---:|---:|---:|',
);
for (const workload of workloads) {
  const rate = (ranks, workers) =>
    median((samples.get(`${workload} ${layoutName(ranks, workers)}`) ?? []).map((r) => r.samplesPerSecond));
  const reference = rate(...LAYOUTS[0]);
  for (const [ranks, workers] of LAYOUTS) {
    const results = samples.get(`${workload} ${layoutName(ranks, workers)}`) ?? [];
    const oversubscribed =
      ranks * workers > cores ? ` (oversubscribed: ${ranks * workers} threads on ${cores} cores)` : '';
    const exchange = ranks === 1 ? '–' : fixed(median(results.map((r) => r.breakdown.exchangeMs)), 3);
    const alone = ranks === 1 ? '–' : fixed(median(results.map((r) => r.breakdown.exchangeAloneMs)), 3);
    const value = rate(ranks, workers);
    out.push(
      `| ${workload} | ${layoutName(ranks, workers)}${oversubscribed} | ${count(value)} | ${fixed(value / reference, 2)} | ${exchange} | ${alone} |`,
    );
  }
}

// The projection: bytes per step from each model's parameter count, not measured.
const PROJECTED = [
  [2, 1],
  [2, 2],
  [4, 1],
  [8, 8],
];
out.push(
  '',
  `Projection (computed, not measured) of the exchange per step on a network: t = (R − 1) · W · P · b / β + (2 (R − 1) + ⌈log2 R⌉) · α, with α = ${latencyUs} µs per message (assumed; TCP on Ethernet, RDMA is ~10× less) and b = ${machine.dtype === 'f64' ? 8 : 4} bytes; MB = bytes each rank receives per step (the job moves R times that). The allreduce column is a ring MPI_Allreduce of the summed gradient (2 (R − 1) / R · P · b per rank, same latency term) for comparison.`,
  '',
  `| workload (P parameters) | layout | MB per rank | ${GBITS.map((g) => `${g} Gbit/s ms`).join(' | ')} | allreduce at ${GBITS.join(' / ')} Gbit/s ms |`,
  `|---|---|---:|${GBITS.map(() => '---:').join('|')}|---:|`,
);
for (const workload of workloads) {
  const { model, dtype } = models.get(workload);
  const parameters = parameterCount(sizesOfModel(model));
  const bytesPerValue = dtype === 'f64' ? 8 : 4;
  for (const [ranks, workers] of PROJECTED) {
    const spec = { ranks, workers, parameters, bytesPerValue };
    const bytes = allgatherBytesPerRank(spec);
    const messages = exchangeMessages(ranks);
    const times = GBITS.map((g) => fixed(projectedMs(bytes, g, messages, latencyUs), 2));
    const allreduce = GBITS.map((g) =>
      fixed(projectedMs(allreduceBytesPerRank(spec), g, messages, latencyUs), 2),
    );
    const label = `${layoutName(ranks, workers)}${ranks === 8 ? ' (8 hosts of 8 cores: not measured here)' : ''}`;
    out.push(
      `| ${workload} (${count(parameters)}) | ${label} | ${fixed(bytes / 1e6, 2)} | ${times.join(' | ')} | ${allreduce.join(' / ')} |`,
    );
  }
}
console.log(out.join('\n'));
