// A batch job: trains three configurations at once in one process and keeps the one with the
// lowest validation loss. Each run has its own worker pool (1 thread here, so the three jobs
// share the machine's cores instead of oversubscribing them).
import { train } from 'shardwise';

const base = { dataset: 'moons', samples: 1200, noise: 0.2, epochs: 15, valSplit: 0.25, workers: 1, seed: 7 };
const candidates = [
  { name: 'narrow tanh', hidden: [8], activation: 'tanh' },
  { name: 'wide relu', hidden: [64], activation: 'relu' },
  { name: 'deep relu', hidden: [32, 32], activation: 'relu' },
];

const results = await Promise.all(
  candidates.map(async ({ name, ...options }) => {
    const { model, history } = await train({ ...base, ...options });
    return { name, model, final: history.at(-1) };
  }),
);
for (const { name, final } of results) {
  console.log(
    `${name.padEnd(12)} val loss ${final.valLoss.toFixed(4)}  val accuracy ${final.valAccuracy.toFixed(3)}`,
  );
}
const best = results.reduce((a, b) => (b.final.valLoss < a.final.valLoss ? b : a));
console.log(`best: ${best.name}`);
