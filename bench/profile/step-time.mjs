// Milliseconds per forwardBackward of one shard on one thread, everything in one WebAssembly
// memory as a worker has it (or plain arrays with `ts`): the figure behind the kernel work of #8.
//   node bench/profile/step-time.mjs 784-256-10 relu 128 [wasm|ts] [seconds] [--shuffled] [--mse]
// --mse: mean squared error with a tanh output on synthetic targets, instead of cross-entropy.
// Profile it with `node --cpu-prof --cpu-prof-dir=/tmp/p …`, then cpu-profile-summary.mjs.
import {
  blobs,
  compileKernelModule,
  createMlp,
  createWorkspace,
  forwardBackward,
  initParameters,
  Rng,
  WasmArena,
} from '../../packages/core/dist/index.js';

const [sizesArg = '784-256-10', activation = 'relu', rowsArg = '128', backend = 'wasm', seconds = '3'] =
  process.argv.slice(2).filter((a) => !a.startsWith('--'));
const shuffled = process.argv.includes('--shuffled');
const mse = process.argv.includes('--mse');
const sizes = sizesArg.split('-').map(Number);
const rows = Number(rowsArg);
const mlp = createMlp({
  sizes,
  activation,
  loss: mse ? 'mse' : 'ce',
  outActivation: mse ? 'tanh' : 'identity',
  dtype: 'f32',
});
const blobRows = blobs({
  samples: rows * 4,
  features: sizes[0],
  classes: sizes.at(-1),
  seed: 1,
  dtype: 'f32',
});
const targets = Float32Array.from({ length: rows * 4 * sizes.at(-1) }, (_, i) => Math.sin(i) * 0.5);
const dataset = mse ? { ...blobRows, labels: null, targets } : blobRows;
const order = Int32Array.from({ length: rows * 4 }, (_, i) => (i * 7919) % (rows * 4));
let run;
if (backend === 'wasm') {
  const arena = new WasmArena(compileKernelModule('simd'), 64 + (dataset.x.length * 4) / 2 ** 20);
  const data = arena.source(dataset);
  const params = arena.floats('f32', mlp.layout.count);
  initParameters(mlp, params, new Rng(1));
  const grad = arena.floats('f32', mlp.layout.count);
  const ws = arena.workspace(mlp, rows);
  const rowsOrder = shuffled ? arena.int32(order) : null;
  run = (from) => forwardBackward(mlp, params, grad, data, rowsOrder, from, from + rows, ws);
} else {
  const params = new Float32Array(mlp.layout.count);
  initParameters(mlp, params, new Rng(1));
  const grad = new Float32Array(mlp.layout.count);
  const ws = createWorkspace(mlp, rows);
  run = (from) => forwardBackward(mlp, params, grad, dataset, shuffled ? order : null, from, from + rows, ws);
}
let n = 0;
const start = performance.now();
while (performance.now() - start < Number(seconds) * 1000) run((n++ % 4) * rows);
const ms = (performance.now() - start) / n;
console.log(
  `${sizesArg} ${activation} rows=${rows} ${backend}${shuffled ? ' shuffled' : ''}: ${ms.toFixed(3)} ms per forward+backward, ${((rows / ms) * 1000).toFixed(0)} rows/s`,
);
