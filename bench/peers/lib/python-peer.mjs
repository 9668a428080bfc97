// A peer trained by a Python script in a child process (numpy_mlp.py, torch_mlp.py): it reads a
// job (model, batch, learning rate, .npy files), replies with its first losses and what BLAS it
// loaded, then trains for `stretch SECONDS` commands and replies with samples/s.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * glibc malloc settings for every Python peer. NumPy and PyTorch allocate each step's temporaries
 * afresh (activations, gradients: 0.25–1.6 MB here), which glibc serves with mmap and hands back
 * with munmap, or trims off the heap's top, every step. With one thread that is cheap; with two,
 * every unmapped page needs a TLB shootdown on the other CPU and every fresh page faults in again
 * in whichever BLAS thread touches it first: on this VM that made 2-thread NumPy 3× slower than
 * 1 thread (see README.md, "What was wrong with the 2-thread rows"). Keeping the freed memory
 * in the process is what a user who tunes NumPy would do, and changes no result.
 */
export const PYTHON_PEER_MALLOC_ENV = {
  MALLOC_MMAP_THRESHOLD_: String(1 << 30),
  MALLOC_TRIM_THRESHOLD_: String(1 << 30),
  MALLOC_TOP_PAD_: String(64 << 20),
};

/** Whether `python` imports `modules`: null, or one line saying why not. */
export function pythonMissing(python, modules) {
  const probe = spawnSync(python, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  if (probe.error) return `${python} not found`;
  if (probe.status !== 0) return `${modules.join(' and ')} do not import in ${python}`;
  return null;
}

/**
 * Starts `python script job [args…]` on the workload. `threads` sets OPENBLAS_NUM_THREADS,
 * OMP_NUM_THREADS and MKL_NUM_THREADS (undefined: each library's default, one per core); the
 * environment also gets PYTHON_PEER_MALLOC_ENV and then `env` (where undefined removes a variable).
 * Resolves once the check steps ran, with their losses, the first reply, and a runner.
 */
export async function startPythonPeer({
  python,
  script,
  args = [],
  workload,
  stored,
  lr,
  checkSteps,
  threads,
  tag,
  env: extraEnv = {},
}) {
  const { sizes, activation, loss, outActivation, dtype } = workload.mlp;
  const job = { sizes, activation, loss, outActivation, dtype, batch: workload.batchSize, lr, checkSteps };
  Object.assign(job, stored.files);
  const jobFile = join(stored.dir, `job-${tag ?? threads ?? 'default'}.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const env = { ...process.env, ...PYTHON_PEER_MALLOC_ENV, ...extraEnv };
  for (const name of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS']) {
    if (threads === undefined) delete env[name];
    else env[name] = String(threads);
  }
  // An override of undefined removes the variable (bench/peers/peer-alone.mjs's `-VAR`).
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child = spawn(python, [script, jobFile, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  const replies = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise((resolve) => child.once('close', resolve));
  const next = async () => {
    const { value, done } = await replies.next();
    if (done) throw new Error(`${script} stopped: ${stderr.trim() || `exit ${await exited}`}`);
    const record = JSON.parse(value);
    if (record.error) throw new Error(`${script}: ${record.error}`);
    return record;
  };
  const first = await next();
  return {
    losses: first.losses,
    first,
    async stretch(seconds) {
      child.stdin.write(`stretch ${seconds}\n`);
      return (await next()).samplesPerSecond;
    },
    async close() {
      child.stdin.end('quit\n');
      await exited;
    },
  };
}
