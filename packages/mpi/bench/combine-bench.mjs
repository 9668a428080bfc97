// The two ways of combining a step's shard gradients across ranks, timed against each other in
// the same job at the gradient sizes of the `mnist` (784-256-10: 203,530 parameters) and `deep`
// (256-512-512-10: 399,370) workloads in float32, for R ranks × W shards per rank:
//   ordered    in-place MPI_Allgatherv of all R·W shard slots (each rank brings W·P values) and
//              of the shard statistics, then a one-number stop agreement (what the engine does:
//              every rank then reduces every shard in shard order);
//   allreduce  each rank's W slots summed, weighted, into one (on the calling thread), the shard
//              statistics gathered, one MPI_Allreduce(SUM) of P values, and the stop agreement
//              (its two parts' medians are printed too: the local sum, and MPI_Allreduce alone).
// The workers' reduction afterwards is not timed (it reads R·W slots after `ordered`, one after
// `allreduce`). Repeats interleave the two, after a barrier each; rank 0 prints medians, the
// ratio allreduce ÷ ordered, and JSON. A benchmark, not a test: it gates nothing.
//
//   node packages/mpi/bench/combine-bench.mjs [--layouts 2x1,2x2,4x1] [--reps 60] [--tcp]
//       (starts mpirun itself, once per layout; layouts with more ranks than cores oversubscribe;
//       --tcp: over TCP loopback, `--mca btl self,tcp`, instead of shared memory)
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadMpi, mpiLaunch, withoutMpiEnvironment } from '../dist/index.js';

const WORKLOADS = [
  { name: 'mnist', params: 784 * 256 + 256 + 256 * 10 + 10 },
  { name: 'deep', params: 256 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10 },
];
const STAT_FIELDS = 3; // loss, correct rows, weight sum (the engine's SHARD_STAT_FIELDS)
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const reps = Number(option('--reps', '60'));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One rank: both combines per workload, interleaved; rank 0 prints one JSON line. */
function rank() {
  const shardsPerRank = Number(option('--per-rank', '1'));
  const { mpi, reason } = loadMpi();
  if (!mpi) throw new Error(reason);
  const { rank, size, library } = mpi.init();
  const shards = size * shardsPerRank;
  const results = [];
  for (const { name, params } of WORKLOADS) {
    const slots = new Float32Array(new SharedArrayBuffer(shards * params * 4));
    const stats = new Float64Array(shards * STAT_FIELDS);
    const per = (n) => Int32Array.from({ length: size }, () => n * shardsPerRank);
    const at = (n) => Int32Array.from({ length: size }, (_, r) => r * n * shardsPerRank);
    const slotCounts = per(params);
    const slotDispls = at(params);
    const statCounts = per(STAT_FIELDS);
    const statDispls = at(STAT_FIELDS);
    const stop = new Float64Array(1);
    const first = rank * shardsPerRank;
    const weights = new Float64Array(shards).fill(1 / shards);
    const ordered = () => {
      mpi.allgatherv(slots, slotCounts, slotDispls);
      mpi.allgatherv(stats, statCounts, statDispls);
      mpi.allreduceSum(stop);
    };
    const sum = slots.subarray(0, params);
    const parts = { localSum: [], collective: [] };
    const allreduce = () => {
      mpi.allgatherv(stats, statCounts, statDispls);
      const summing = process.hrtime.bigint();
      // This rank's shards, weighted, summed in shard order into slot 0.
      const w0 = weights[first];
      const g0 = slots.subarray(first * params, (first + 1) * params);
      for (let i = 0; i < params; i++) sum[i] = w0 * g0[i];
      for (let s = first + 1; s < first + shardsPerRank; s++) {
        const w = weights[s];
        const g = slots.subarray(s * params, (s + 1) * params);
        for (let i = 0; i < params; i++) sum[i] += w * g[i];
      }
      const summed = process.hrtime.bigint();
      mpi.allreduceSum(sum);
      parts.localSum.push(Number(summed - summing) / 1e3);
      parts.collective.push(Number(process.hrtime.bigint() - summed) / 1e3);
      mpi.allreduceSum(stop);
    };
    const times = { ordered: [], allreduce: [] };
    for (let i = 0; i < reps + 5; i++) {
      for (const [label, run] of i % 2 === 0
        ? [
            ['ordered', ordered],
            ['allreduce', allreduce],
          ]
        : [
            ['allreduce', allreduce],
            ['ordered', ordered],
          ]) {
        slots.fill(rank + 1);
        mpi.barrier();
        const start = process.hrtime.bigint();
        run();
        const elapsed = Number(process.hrtime.bigint() - start) / 1e3;
        if (i >= 5) times[label].push(elapsed); // the first few warm up connections and caches
      }
    }
    const orderedUs = median(times.ordered);
    const allreduceUs = median(times.allreduce);
    // The allreduce's parts, each on its own (warm-up calls left out as above).
    const localSumUs = median(parts.localSum.slice(5));
    const collectiveUs = median(parts.collective.slice(5));
    results.push({
      workload: name,
      params,
      orderedUs,
      allreduceUs,
      ratio: allreduceUs / orderedUs,
      localSumUs,
      collectiveUs,
    });
  }
  mpi.finalize();
  if (rank === 0) console.log(JSON.stringify({ ranks: size, shardsPerRank, library, reps, results }));
}

/** The launcher: mpirun once per layout, then a table. */
function launch() {
  const script = fileURLToPath(import.meta.url);
  const env = {
    ...withoutMpiEnvironment(process.env),
    OMPI_ALLOW_RUN_AS_ROOT: '1',
    OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1',
  };
  const layouts = option('--layouts', '2x1,2x2,4x1').split(',');
  // TCP loopback stands in for a network between hosts (OpenMPI's default here is shared memory).
  const tcp = args.includes('--tcp');
  const transport = tcp ? ['--mca', 'btl', 'self,tcp'] : [];
  const all = [];
  for (const layout of layouts) {
    const [ranks, perRank] = layout.split('x').map(Number);
    const mpirunArgs = ['-np', String(ranks), '--oversubscribe', '--bind-to', 'none', ...transport];
    const rankArgs = [script, '--per-rank', String(perRank), '--reps', String(reps)];
    const job = spawnSync('mpirun', [...mpirunArgs, process.execPath, ...rankArgs], {
      encoding: 'utf8',
      env,
      timeout: 600_000,
    });
    if (job.status !== 0) throw new Error(`mpirun ${mpirunArgs.join(' ')} failed:\n${job.stderr}`);
    const report = JSON.parse(job.stdout.trim().split('\n').at(-1));
    all.push({ layout: `${ranks} × ${perRank}`, oversubscribed: ranks > availableParallelism(), ...report });
  }
  console.log(
    `${all[0].library}; ${tcp ? 'TCP loopback' : 'shared memory'}; float32; median of ${reps} interleaved calls after a barrier, µs; ranks × shards per rank`,
  );
  console.log(
    ['layout', 'workload', 'ordered', 'allreduce', 'local sum', 'MPI_Allreduce', 'allreduce ÷ ordered']
      .map((c) => c.padEnd(14))
      .join(''),
  );
  for (const { layout, oversubscribed, results } of all) {
    for (const r of results) {
      const cells = [
        `${layout}${oversubscribed ? '*' : ''}`,
        r.workload,
        r.orderedUs.toFixed(0),
        r.allreduceUs.toFixed(0),
        r.localSumUs.toFixed(0),
        r.collectiveUs.toFixed(0),
        r.ratio.toFixed(2),
      ];
      console.log(cells.map((c) => c.padEnd(14)).join(''));
    }
  }
  if (all.some((a) => a.oversubscribed))
    console.log(`* more ranks than the ${availableParallelism()} cores (oversubscribed)`);
  console.log(JSON.stringify(all));
}

if (mpiLaunch()) rank();
else launch();
