import { Trainer } from '../../../packages/cli/dist/index.js';
import { DataParallelEngine } from '../../../packages/worker/dist/index.js';

const orig = DataParallelEngine.prototype.run;
let runs = 0,
  inRun = 0;
DataParallelEngine.prototype.run = async function (a, b) {
  runs++;
  const t = performance.now();
  try {
    return await orig.call(this, a, b);
  } finally {
    inRun += performance.now() - t;
  }
};
const workers = Number(process.argv[2] ?? 2);
for (const onStep of [false, true]) {
  const t = await Trainer.create({
    dataset: 'blobs',
    features: 784,
    classes: 10,
    hidden: [256],
    samples: 8192,
    batchSize: 256,
    epochs: 6,
    workers,
    kernels: 'wasm',
    ...(onStep && { onStep: () => {} }),
  });
  await t.epoch();
  runs = 0;
  inRun = 0;
  let wall = 0;
  for (let e = 0; e < 5; e++) {
    const t0 = performance.now();
    await t.epoch();
    wall += performance.now() - t0;
  }
  await t.close();
  console.log(
    `${workers}w onStep=${onStep}: runs/epoch ${(runs / 5).toFixed(1)}, ms/epoch wall ${(wall / 5).toFixed(1)}, in runs ${(inRun / 5).toFixed(1)}, outside runs ${((wall - inRun) / 5).toFixed(2)}`,
  );
}
