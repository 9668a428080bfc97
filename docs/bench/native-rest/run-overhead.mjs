// Per engine.run overhead: wall time of run() minus the workers' own step time (phase timers).
import { blobs, createMlp, initParameters, Rng } from '../../../packages/core/dist/index.js';
import { DataParallelEngine } from '../../../packages/worker/dist/index.js';

const kernels = process.argv[2] ?? 'wasm';
const steps = Number(process.argv[3] ?? 32);
const config = {
  sizes: [784, 256, 10],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f32',
};
const data = blobs({ samples: 8192, features: 784, classes: 10, seed: 1, dtype: 'f32' });
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const engines = {};
for (const w of [1, 2]) {
  const e = DataParallelEngine.create({
    mlp: config,
    data,
    batchSize: 256,
    workers: w,
    optimizer: { kind: 'adam', lr: 1e-3 },
    kernels,
  });
  const p = new Float32Array(createMlp(config).layout.count);
  initParameters(createMlp(config), p, new Rng(1));
  e.load(p);
  await e.run(0, 32);
  engines[w] = e;
}
const res = { 1: { wall: [], inside: [] }, 2: { wall: [], inside: [] } };
for (let r = 0; r < 40; r++)
  for (const w of [1, 2]) {
    const e = engines[w];
    for (let s = 0; s < 32; s += steps) {
      e.resetPhaseSeconds();
      const t0 = performance.now();
      await e.run(s, Math.min(32, s + steps));
      const wall = performance.now() - t0;
      const ph = e.phaseSeconds();
      res[w].wall.push(wall);
      res[w].inside.push((ph.compute + ph.sync + ph.reduceUpdate) * 1000);
    }
  }
for (const w of [1, 2]) {
  const over = res[w].wall.map((x, i) => x - res[w].inside[i]);
  console.log(
    `${w}w run of ${steps} steps: wall ${median(res[w].wall).toFixed(2)} ms, inside steps ${median(res[w].inside).toFixed(2)} ms, overhead median ${median(over).toFixed(3)} ms`,
  );
}
console.log('ratio wall', (median(res[1].wall) / median(res[2].wall)).toFixed(2));
for (const e of Object.values(engines)) await e.close();
