// TensorFlow.js peers, each in a worker thread of its own (TensorFlow.js has one active backend per
// thread, and moving tensors between backends would disturb the timing): the pure-JavaScript `cpu`
// backend and the WebAssembly backend (XNNPACK, SIMD), its .wasm files loaded from node_modules.
// The same MLP written with tf ops, the same initial weights, one pre-made tensor per batch,
// tf.train.sgd and the library's losses. This file is the worker; tfjs-client.mjs starts it.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { syncRunner } from './timing.mjs';

const require = createRequire(import.meta.url);
let wasmPathsSet = false;

// Production mode, as a deployment would run: skips debug checks (and the banner suggesting tfjs-node).
tf.enableProdMode();

/** Switches TensorFlow.js to `backend` ('cpu' or 'wasm'); also whether wasm runs multithreaded. */
async function useBackend(backend) {
  if (backend === 'wasm' && !wasmPathsSet) {
    const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    setWasmPaths(`${dirname(wasmFile)}/`);
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend ${backend} did not start`);
  await tf.ready();
  if (backend !== 'wasm') return { threads: 1 };
  const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { threads: threaded ? 'multi' : 1, simd };
}

const ACTIVATIONS = { relu: tf.relu, tanh: tf.tanh, sigmoid: tf.sigmoid };

/** A trainer of `workload` on the current backend; call dispose() before switching backends. */
function tfjsTrainer(workload, data, initial, lr, epochSteps) {
  const { sizes, activation, loss, outActivation } = workload.mlp;
  const batch = workload.batchSize;
  const features = sizes[0];
  const outputs = sizes[sizes.length - 1];
  const weights = [];
  const biases = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l];
    const width = sizes[l + 1];
    weights.push(tf.variable(tf.tensor2d(initial.slice(offset, offset + inputs * width), [inputs, width])));
    offset += inputs * width;
    biases.push(tf.variable(tf.tensor1d(initial.slice(offset, offset + width))));
    offset += width;
  }
  const xs = [];
  const ys = [];
  for (let s = 0; s < epochSteps; s++) {
    xs.push(tf.tensor2d(data.x.slice(s * batch * features, (s + 1) * batch * features), [batch, features]));
    if (loss === 'ce') {
      const labels = tf.tensor1d(data.labels.slice(s * batch, (s + 1) * batch), 'int32');
      ys.push(tf.oneHot(labels, outputs).toFloat());
      labels.dispose();
    } else {
      ys.push(
        tf.tensor2d(data.targets.slice(s * batch * outputs, (s + 1) * batch * outputs), [batch, outputs]),
      );
    }
  }
  const hidden = ACTIVATIONS[activation];
  const lossOf = (x, y) => {
    let a = x;
    for (let l = 0; l < weights.length; l++) {
      const z = tf.add(tf.matMul(a, weights[l]), biases[l]);
      a = l < weights.length - 1 ? hidden(z) : z;
    }
    if (loss === 'ce') return tf.losses.softmaxCrossEntropy(y, a);
    return tf.losses.meanSquaredError(y, outActivation === 'tanh' ? tf.tanh(a) : a);
  };
  const optimizer = tf.train.sgd(lr);
  const variables = [...weights, ...biases];
  return {
    /** One SGD step on batch `s`; returns its loss (before the update) when `withLoss`. */
    step(s, withLoss = false) {
      const cost = optimizer.minimize(() => lossOf(xs[s], ys[s]), withLoss, variables);
      if (!withLoss) return undefined;
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    },
    /** Waits until the weights are computed (the backends used here are synchronous anyway). */
    finish() {
      weights[0].dataSync();
    },
    dispose() {
      tf.dispose([...variables, ...xs, ...ys]);
      optimizer.dispose();
    },
  };
}

if (parentPort && workerData?.peer === 'tfjs') {
  const { backend, workload, data, initial, lr, epochSteps, checkSteps } = workerData;
  const info = await useBackend(backend);
  const checker = tfjsTrainer(workload, data, initial, lr, epochSteps);
  const losses = Array.from({ length: checkSteps }, (_, s) => checker.step(s, true));
  checker.dispose();
  const trainer = tfjsTrainer(workload, data, initial, lr, epochSteps);
  const runner = syncRunner((s) => trainer.step(s), {
    batch: workload.batchSize,
    epochSteps,
    finish: trainer.finish,
  });
  parentPort.on('message', async (message) => {
    if (message.stretch !== undefined) {
      parentPort.postMessage({ samplesPerSecond: await runner.stretch(message.stretch) });
    } else {
      trainer.dispose();
      parentPort.close();
    }
  });
  parentPort.postMessage({ losses, info });
}
