// Latency of the binding's collectives between 2 ranks on this machine: in-place allgatherv
// (each rank contributes half) and allreduceSum over 1 KB, 1 MB and 8 MB of float32, over shared
// memory (OpenMPI's default transports) and over TCP loopback (`--mca btl self,tcp`). A benchmark,
// not a test: it prints a table and JSON and gates nothing.
//
//   node packages/mpi/bench/collectives-bench.mjs            (starts mpirun itself, twice)
//
// Under mpirun (MPI launcher variables present) it is one rank; otherwise it launches them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadMpi, mpiLaunch, withoutMpiEnvironment } from '../dist/index.js';

const SIZES = [
  { label: '1 KB', bytes: 1024, reps: 400 },
  { label: '1 MB', bytes: 1024 * 1024, reps: 60 },
  { label: '8 MB', bytes: 8 * 1024 * 1024, reps: 20 },
];
const TRANSPORTS = [
  { label: 'shared memory', args: [] },
  { label: 'TCP loopback', args: ['--mca', 'btl', 'self,tcp'] },
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One rank: times each collective after a barrier; rank 0 prints the medians as JSON. */
function rank() {
  const { mpi, reason } = loadMpi();
  if (!mpi) throw new Error(reason);
  const { rank, size, library } = mpi.init();
  const results = [];
  for (const { label, bytes, reps } of SIZES) {
    const data = new Float32Array(new SharedArrayBuffer(bytes));
    const n = data.length;
    const counts = Int32Array.from(
      { length: size },
      (_, r) => Math.floor((n * (r + 1)) / size) - Math.floor((n * r) / size),
    );
    const displs = Int32Array.from({ length: size }, (_, r) => Math.floor((n * r) / size));
    for (const [op, run] of [
      ['allgatherv', () => mpi.allgatherv(data, counts, displs)],
      ['allreduceSum', () => mpi.allreduceSum(data)],
    ]) {
      const times = [];
      for (let i = 0; i < reps + 5; i++) {
        data.fill(rank + 1);
        mpi.barrier();
        const start = process.hrtime.bigint();
        run();
        const elapsed = Number(process.hrtime.bigint() - start) / 1e3;
        if (i >= 5) times.push(elapsed); // the first few warm up connections and caches
      }
      if (op === 'allreduceSum' && data[0] !== (size * (size + 1)) / 2) throw new Error('wrong sum');
      results.push({ size: label, op, medianUs: median(times), minUs: Math.min(...times), reps });
    }
  }
  mpi.finalize();
  if (rank === 0) console.log(JSON.stringify({ ranks: size, library, results }));
}

/** The launcher: mpirun -np 2 over each transport, then a table. */
function launch() {
  const script = fileURLToPath(import.meta.url);
  const env = {
    ...withoutMpiEnvironment(process.env),
    OMPI_ALLOW_RUN_AS_ROOT: '1',
    OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
  };
  const all = [];
  for (const transport of TRANSPORTS) {
    const args = [
      '-np',
      '2',
      '--oversubscribe',
      '--bind-to',
      'none',
      ...transport.args,
      process.execPath,
      script,
    ];
    const job = spawnSync('mpirun', args, { encoding: 'utf8', env, timeout: 300_000 });
    if (job.status !== 0) throw new Error(`mpirun ${args.join(' ')} failed:\n${job.stderr}`);
    const report = JSON.parse(job.stdout.trim().split('\n').at(-1));
    all.push({
      transport: transport.label,
      command: `mpirun ${args.slice(0, -2).join(' ')} node <rank>`,
      ...report,
    });
  }
  console.log(`${all[0].library}, 2 ranks, float32, median (min) of timed calls after a barrier, µs`);
  console.log(['size', 'op', ...TRANSPORTS.map((t) => t.label)].map((c) => c.padEnd(16)).join(''));
  for (let i = 0; i < all[0].results.length; i++) {
    const { size, op } = all[0].results[i];
    const cells = all.map(
      ({ results }) => `${results[i].medianUs.toFixed(1)} (${results[i].minUs.toFixed(1)})`,
    );
    console.log([size, op, ...cells].map((c) => c.padEnd(16)).join(''));
  }
  console.log(JSON.stringify(all));
}

if (mpiLaunch()) rank();
else launch();
