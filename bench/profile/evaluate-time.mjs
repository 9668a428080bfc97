// Model.evaluate on 12,000 rows of a 784-256-10 model, TypeScript against WebAssembly kernels,
// alternated three times: what the trainer's per-epoch validation costs.
//   node bench/profile/evaluate-time.mjs
import { Model } from '../../packages/cli/dist/index.js';
import { allocate, blobs, createMlp, initParameters, Rng } from '../../packages/core/dist/index.js';

const config = {
  sizes: [784, 256, 10],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f32',
};
const mlp = createMlp(config);
const parameters = allocate('f32', mlp.layout.count);
initParameters(mlp, parameters, new Rng(1));
const data = blobs({ samples: 12000, features: 784, classes: 10, seed: 2, dtype: 'f32' });
for (let round = 0; round < 3; round++) {
  for (const kernels of ['ts', 'wasm']) {
    const model = new Model(config, parameters, { kernels });
    model.evaluate(data); // warm-up
    const start = performance.now();
    const { loss } = model.evaluate(data);
    console.log(`${kernels.padEnd(4)} ${(performance.now() - start).toFixed(1)} ms  loss ${loss.toFixed(7)}`);
  }
}
