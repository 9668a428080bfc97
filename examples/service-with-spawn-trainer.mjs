// A service-style script: training runs in a dedicated thread (spawnTrainer) while this thread's
// event loop keeps serving — here a 10 ms timer that records the longest gap between its ticks.
import { spawnTrainer } from 'shardwise';

const trainer = await spawnTrainer();
const start = performance.now();
let last = start;
let longestGap = 0;
let ticks = 0;
const timer = setInterval(() => {
  const now = performance.now();
  longestGap = Math.max(longestGap, now - last);
  last = now;
  ticks++;
}, 10);

try {
  const { history } = await trainer.train(
    { dataset: 'blobs', features: 32, classes: 5, samples: 8000, hidden: [128], epochs: 5, workers: 2 },
    (epoch) =>
      console.log(
        `epoch ${epoch.epoch}: loss ${epoch.loss.toFixed(4)}, accuracy ${epoch.accuracy.toFixed(3)}`,
      ),
  );
  const elapsed = performance.now() - start;
  console.log(
    `trained ${history.length} epochs in ${elapsed.toFixed(0)} ms; the timer ticked ${ticks} times, longest gap ${longestGap.toFixed(1)} ms`,
  );
} finally {
  clearInterval(timer);
  await trainer.close();
}
