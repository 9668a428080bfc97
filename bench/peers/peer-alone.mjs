// One Python peer of bench:peers on its own (no other peer alive), with environment overrides:
//   node bench/peers/peer-alone.mjs mnist|deep numpy|torch THREADS [VAR=value | -VAR ...]
// e.g. `... mnist numpy 2 -MALLOC_MMAP_THRESHOLD_ -MALLOC_TRIM_THRESHOLD_ -MALLOC_TOP_PAD_` runs
// NumPy with 2 threads and glibc's default malloc: the experiment behind README.md's "What was
// wrong with the 2-thread rows". Prints the median and the 5 samples/s of 0.4 s stretches.
import { fileURLToPath } from 'node:url';
import { numpyFiles } from './lib/numpy-peer.mjs';
import { startPythonPeer } from './lib/python-peer.mjs';
import { epochSteps, initialParameters, namedWorkload, workloadData } from './lib/shardwise.mjs';

const [name = 'mnist', kind = 'numpy', threadsArg = '2', ...overrides] = process.argv.slice(2);
const env = {};
for (const item of overrides) {
  // `-VAR` removes VAR (also one of the peers' own settings); `VAR=value` sets it.
  if (item.startsWith('-')) env[item.slice(1)] = undefined;
  else env[item.slice(0, item.indexOf('='))] = item.slice(item.indexOf('=') + 1);
}
const torch = kind === 'torch';
const threads = Number(threadsArg);
const workload = namedWorkload(name, 'f32');
const steps = epochSteps(workload, workload.batchSize);
const data = workloadData(workload.mlp, steps * workload.batchSize, 1);
const stored = numpyFiles(workload, data, initialParameters(workload.mlp, 1));
try {
  const peer = await startPythonPeer({
    python: torch ? (process.env.SYSTEM_PYTHON ?? '/usr/bin/python3') : (process.env.PYTHON ?? 'python3'),
    script: fileURLToPath(new URL(torch ? './torch_mlp.py' : './numpy_mlp.py', import.meta.url)),
    args: torch ? [String(threads)] : [],
    workload,
    stored,
    lr: 0.01,
    checkSteps: 3,
    threads,
    tag: 'alone',
    env: torch ? { OMP_WAIT_POLICY: 'PASSIVE', ...env } : env,
  });
  await peer.stretch(0.5);
  const rates = [];
  for (let i = 0; i < 5; i++) rates.push(Math.round(await peer.stretch(0.4)));
  await peer.close();
  const sorted = [...rates].sort((a, b) => a - b);
  console.log(
    `${name} ${kind} ${threads} thread(s) ${overrides.join(' ')}: median ${sorted[2]} samples/s (${rates.join(', ')}), ${peer.first.blas?.corename ?? ''} kernels`,
  );
} finally {
  stored.remove();
}
