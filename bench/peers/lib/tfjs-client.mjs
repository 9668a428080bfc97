// Starts a TensorFlow.js peer (tfjs-peer.mjs) in a worker thread and drives it by messages.
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

export const TFJS_VERSIONS = {
  tfjs: require('@tensorflow/tfjs/package.json').version,
  'tfjs-backend-wasm': require('@tensorflow/tfjs-backend-wasm/package.json').version,
};

/**
 * Starts TensorFlow.js on `backend` ('cpu' or 'wasm') with the workload's rows and initial weights.
 * Resolves after the check steps with their losses, the backend's details and a runner.
 */
export async function startTfjs(backend, { workload, data, initial, lr, epochSteps, checkSteps }) {
  const worker = new Worker(new URL('./tfjs-peer.mjs', import.meta.url), {
    workerData: { peer: 'tfjs', backend, workload, data, initial, lr, epochSteps, checkSteps },
  });
  const reply = async () => {
    const [message] = await once(worker, 'message');
    return message;
  };
  const failed = once(worker, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => {});
  const first = await Promise.race([reply(), failed]);
  return {
    losses: first.losses,
    info: first.info,
    async stretch(seconds) {
      worker.postMessage({ stretch: seconds });
      return (await Promise.race([reply(), failed])).samplesPerSecond;
    },
    async close() {
      worker.postMessage({ close: true });
      await once(worker, 'exit');
    },
  };
}
