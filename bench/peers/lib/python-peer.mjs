// A peer trained by a Python script in a child process (numpy_mlp.py, torch_mlp.py): it reads a
// job (model, batch, learning rate, .npy files), replies with its first losses and what BLAS it
// loaded, then trains for `stretch SECONDS` commands and replies with samples/s.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Whether `python` imports `modules`: null, or one line saying why not. */
export function pythonMissing(python, modules) {
  const probe = spawnSync(python, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  if (probe.error) return `${python} not found`;
  if (probe.status !== 0) return `${modules.join(' and ')} do not import in ${python}`;
  return null;
}

/**
 * Starts `python script job [args…]` on the workload. `threads` sets OPENBLAS_NUM_THREADS,
 * OMP_NUM_THREADS and MKL_NUM_THREADS (undefined: each library's default, one per core).
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
}) {
  const { sizes, activation, loss, outActivation, dtype } = workload.mlp;
  const job = { sizes, activation, loss, outActivation, dtype, batch: workload.batchSize, lr, checkSteps };
  Object.assign(job, stored.files);
  const jobFile = join(stored.dir, `job-${tag ?? threads ?? 'default'}.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const env = { ...process.env };
  for (const name of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS']) {
    if (threads === undefined) delete env[name];
    else env[name] = String(threads);
  }
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
