// The measuring procedure of the comparison. Every peer is a runner whose `stretch(seconds)` trains
// for at least that long and resolves with samples/s. After a warm-up of each, the repetitions are
// interleaved — repetition r of every peer, then r + 1 — and the starting peer rotates, so on a
// shared, noisy machine all peers see the same spells of load. Figures: medians, min and max.
import { setTimeout as sleep } from 'node:timers/promises';
import { warmupSeconds } from './shardwise.mjs';

/**
 * A pause after each stretch, so threads a peer leaves spinning do not eat into the next peer's
 * stretch: OpenBLAS's idle threads spin for 2^28 TSC cycles (OPENBLAS_THREAD_TIMEOUT's default
 * of 28) before they sleep, 128 ms at this machine's 2.1 GHz TSC.
 */
const SETTLE_MS = 200;

const now = () => performance.now() / 1000;

/** A runner over a synchronous `step(index)` that trains batch `index` (0 … epochSteps − 1, cycling). */
export function syncRunner(step, { batch, epochSteps, finish = () => {} }) {
  let cursor = 0;
  return {
    async stretch(seconds) {
      let steps = 0;
      const t0 = now();
      do {
        step(cursor);
        cursor = (cursor + 1) % epochSteps;
        steps++;
      } while (now() - t0 < seconds);
      finish();
      return (steps * batch) / (now() - t0);
    },
  };
}

/**
 * Measures every runner (a map of key → runner): a warm-up of each (`warmup` seconds, by default as
 * long as `shardwise bench`'s), then `repetitions` rounds of one `seconds / repetitions` stretch per runner. `onRound(r)` reports progress. Returns key → rates.
 */
export async function measureInterleaved(runners, { seconds, repetitions, warmup }, onRound = () => {}) {
  const keys = [...runners.keys()];
  for (const key of keys) {
    await runners.get(key).stretch(warmup ?? warmupSeconds(seconds));
    await sleep(SETTLE_MS);
  }
  const rates = new Map(keys.map((key) => [key, []]));
  for (let r = 0; r < repetitions; r++) {
    onRound(r);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(i + r) % keys.length];
      rates.get(key).push(await runners.get(key).stretch(seconds / repetitions));
      await sleep(SETTLE_MS);
    }
  }
  return rates;
}
