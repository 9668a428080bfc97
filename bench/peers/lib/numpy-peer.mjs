// The numpy peer: numpy_mlp.py in a python3 child process, handed the same rows and initial
// weights through .npy files. Optional: without python3 and numpy it reports why and is skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from './npy.mjs';
import { startPythonPeer } from './python-peer.mjs';

const SCRIPT = fileURLToPath(new URL('../numpy_mlp.py', import.meta.url));
const PYTHON = process.env.PYTHON ?? 'python3';

const PROBE = `
import json, sys, numpy
blas = ''
try:
    found = numpy.show_config(mode='dicts')['Build Dependencies']['blas']
    blas = f"{found.get('name')} {found.get('version')}"
except Exception:
    pass
print(json.dumps({'version': numpy.__version__, 'python': sys.version.split()[0], 'blas': blas}))
`;

/** numpy's and python's versions and numpy's BLAS; version null (and a reason) when either is missing. */
export function numpyAvailable() {
  const probe = spawnSync(PYTHON, ['-c', PROBE], { encoding: 'utf8' });
  if (probe.error) return { version: null, reason: `${PYTHON} not found` };
  if (probe.status !== 0) return { version: null, reason: `numpy does not import in ${PYTHON}` };
  return { ...JSON.parse(probe.stdout.trim()), reason: null };
}

/** Holds one workload's arrays on disk for the numpy runs; remove() when done. */
export function numpyFiles(workload, data, initial) {
  const dir = mkdtempSync(join(tmpdir(), `shardwise-peers-${workload.name}-`));
  const files = { x: join(dir, 'x.npy'), params: join(dir, 'params.npy') };
  writeNpy(files.x, data.x);
  writeNpy(files.params, initial);
  if (data.labels) {
    files.labels = join(dir, 'labels.npy');
    writeNpy(files.labels, data.labels);
  } else {
    files.targets = join(dir, 'targets.npy');
    writeNpy(files.targets, data.targets);
  }
  return { dir, files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts numpy_mlp.py on the workload. Resolves once it has trained the check steps, with their
 * losses and a runner whose `stretch(seconds)` trains that long and resolves with samples/s.
 * `threads` sets OPENBLAS_NUM_THREADS (undefined: OpenBLAS's default, one per core).
 */
export function startNumpy(workload, stored, { lr, checkSteps, threads, python = PYTHON }) {
  return startPythonPeer({ python, script: SCRIPT, workload, stored, lr, checkSteps, threads });
}
