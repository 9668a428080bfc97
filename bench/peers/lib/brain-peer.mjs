// brain.js (CPU NeuralNetwork): trains one row at a time (no mini-batches), puts the hidden
// activation on the output layer too and learns by squared error: no softmax cross-entropy.
// Its model matches shardwise's only for an mse network whose output activation is the hidden
// one (the `mse` workload: tanh, tanh out) and only at batch 1, where its update
// w += lr·(t − o)(1 − o²)·x equals SGD on shardwise's mean squared error with lr·outputs/2.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const brain = require('brain.js');

export const BRAIN_VERSION = require('brain.js/package.json').version;

/** Why brain.js cannot train `workload` as shardwise does, or null when it can (at batch 1). */
export function brainMismatch(workload) {
  const { loss, activation, outActivation } = workload.mlp;
  if (loss !== 'mse') {
    return 'no softmax cross-entropy in brain.js (its outputs go through the hidden activation, trained by squared error)';
  }
  if (outActivation !== activation)
    return `brain.js puts ${activation} on the output layer, shardwise ${outActivation}`;
  return null;
}

/** A brain.js network with shardwise's initial weights, trained by plain per-row SGD. */
export function brainTrainer(workload, data, initial, shardwiseLr) {
  const { sizes, activation } = workload.mlp;
  const outputs = sizes[sizes.length - 1];
  const net = new brain.NeuralNetwork({ activation, learningRate: (2 * shardwiseLr) / outputs });
  // Plain SGD: brain.js refuses momentum 0 in its options, but its update reads the field as is.
  net.trainOpts.momentum = 0;
  net.sizes = [...sizes];
  net.initialize();
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    const inputs = sizes[l - 1];
    const width = sizes[l];
    // shardwise stores W as [inputs][outputs]; brain.js as weights[layer][node][input].
    for (let node = 0; node < width; node++) {
      for (let k = 0; k < inputs; k++) net.weights[l][node][k] = initial[offset + k * width + node];
    }
    offset += inputs * width;
    for (let node = 0; node < width; node++) net.biases[l][node] = initial[offset + node];
    offset += width;
  }
  const features = sizes[0];
  const patterns = Array.from({ length: data.rows }, (_, row) => ({
    input: data.x.subarray(row * features, (row + 1) * features),
    output: data.targets.subarray(row * outputs, (row + 1) * outputs),
  }));
  return {
    rows: data.rows,
    /** Trains row `row`; returns its squared error (mean over outputs, before the update) when `withLoss`. */
    step(row, withLoss = false) {
      return net.trainPattern(patterns[row], withLoss) ?? undefined;
    },
  };
}
