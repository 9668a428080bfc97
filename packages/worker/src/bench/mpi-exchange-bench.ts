// `mpirun -np R node packages/worker/dist/bench/mpi-exchange-bench.js [--workers W] [--steps N]
// [--workload mnist|deep] [--kernels ts|wasm] [--combine ordered|allreduce] [--json]`: what the cross-rank exchange adds per
// step. Every rank trains the workload (mnist: 784-256-10 relu, batch 256; deep: 256-512-512-10
// tanh, batch 512; f32, random rows) for the same fixed number of steps with the MPI exchange over
// R × W shards; rank 0 prints the layout and ms per step: wall, compute, barrier waits (which
// include the exchange), reduce + update, and the exchange alone (allgatherv of the shard slots
// and stats plus the stop agreement, timed on the engine's thread; within a step it includes
// waiting for the slowest rank, so it is also timed alone, ranks in lockstep, after training), as
// a line or one JSON object.
// A fixed step count, not a fixed time: every rank must run the same collectives.
import { createMlp, initParameters, type MlpConfig, Rng } from '@shardwise/core';
import { loadMpi } from '@shardwise/mpi';
import { DataParallelEngine, type KernelBackend } from '../engine.js';
import { MpiAllreduceExchange } from '../mpi-allreduce-exchange.js';
import { MpiGradientExchange } from '../mpi-gradient-exchange.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1]! : fallback;
const WORKLOADS: Record<string, { mlp: MlpConfig; batch: number }> = {
  mnist: {
    mlp: { sizes: [784, 256, 10], activation: 'relu', loss: 'ce', outActivation: 'identity', dtype: 'f32' },
    batch: 256,
  },
  deep: {
    mlp: {
      sizes: [256, 512, 512, 10],
      activation: 'tanh',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f32',
    },
    batch: 512,
  },
};
const name = option('--workload', 'mnist');
const workload = WORKLOADS[name];
if (!workload) throw new Error(`--workload must be ${Object.keys(WORKLOADS).join(' or ')}`);
const workers = Number(option('--workers', '1'));
const steps = Number(option('--steps', '100'));
const kernels = option('--kernels', 'wasm') as KernelBackend;

const { mpi, reason } = loadMpi();
if (!mpi) throw new Error(reason);
const { rank, size } = mpi.init();
// --combine allreduce: the layout-dependent exchange (`--mpi-combine allreduce`) instead.
const combine = option('--combine', 'ordered');
const Exchange = combine === 'allreduce' ? MpiAllreduceExchange : MpiGradientExchange;
const exchange = new Exchange(mpi, rank, size);

const features = workload.mlp.sizes[0];
const outputs = workload.mlp.sizes.at(-1)!;
const rows = workload.batch * 8;
const rng = new Rng(1);
const data = {
  rows,
  features: features!,
  outputs,
  x: Float32Array.from({ length: rows * features! }, () => rng.nextFloat() * 2 - 1),
  labels: Int32Array.from({ length: rows }, (_, i) => i % outputs),
  targets: null,
};
const engine = DataParallelEngine.create({
  mlp: workload.mlp,
  data,
  batchSize: workload.batch,
  workers,
  optimizer: { kind: 'sgd', lr: 0.01 },
  kernels,
  exchange,
});
const params = new Float32Array(engine.mlp.layout.count);
initParameters(createMlp(workload.mlp), params, new Rng(2));
engine.load(params);
const epochSteps = engine.stepsPerEpoch();
const train = async (count: number) => {
  for (let done = 0; done < count; done += epochSteps)
    await engine.run(0, Math.min(epochSteps, count - done));
};
await train(Math.max(8, steps / 5)); // warm-up
engine.resetPhaseSeconds();
mpi.barrier();
const started = performance.now();
await train(steps);
const wallMs = (performance.now() - started) / steps;
const phases = engine.phaseSeconds();
// The exchange alone, every rank in lockstep (in a step it also waits for the slowest rank).
const repeats = 50;
mpi.barrier();
const exchangeStarted = performance.now();
for (let i = 0; i < repeats; i++) exchange.combine(false);
const aloneMs = (performance.now() - exchangeStarted) / repeats;
await engine.close();
const perStep = (seconds: number) => (seconds / steps) * 1000;
const result = {
  workload: name,
  layout: `${size} × ${workers}`,
  combine,
  ranks: size,
  workers,
  shards: engine.shards,
  kernels,
  steps,
  slotMB: (engine.shards * engine.mlp.layout.count * 4) / 2 ** 20,
  wallMs,
  computeMs: perStep(phases.compute),
  syncMs: perStep(phases.sync),
  reduceUpdateMs: perStep(phases.reduceUpdate),
  exchangeMs: perStep(phases.exchange),
  exchangeAloneMs: aloneMs,
};
if (rank === 0) {
  if (args.includes('--json')) console.log(JSON.stringify(result));
  else {
    const f = (v: number) => v.toFixed(3);
    console.log(
      `${result.workload}  ${result.combine}  ${result.layout} (ranks × workers, ${result.shards} shards, ${result.slotMB.toFixed(1)} MB of slots)  ms/step: wall ${f(result.wallMs)}  compute ${f(result.computeMs)}  sync ${f(result.syncMs)}  reduce+update ${f(result.reduceUpdateMs)}  exchange ${f(result.exchangeMs)} (alone ${f(result.exchangeAloneMs)})`,
    );
  }
}
mpi.finalize();
