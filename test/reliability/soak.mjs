#!/usr/bin/env node
// Soak benchmark (not a test): trains for a long time through the public `Trainer` API and samples
// resident memory, so a leak per step or per epoch shows as a slope. Prints the RSS curve and a
// summary (start after warm-up, min, max, end, least-squares slope).
//
//   pnpm build && node test/reliability/soak.mjs                      # both phases (~1 min on 2 cores)
//   node test/reliability/soak.mjs --steps 20000 --long-epochs 0      # only the small model
//   node test/reliability/soak.mjs --steps 0 --long-epochs 40         # only 784-256-10
//
// Before each sample a full GC runs (through --expose-gc, switched on here), so the figures show
// what is retained rather than when the collector last ran. Reading the curve: the heap grows by
// the history alone (one small entry per epoch, by design); with tiny steps at ~5,000 a second, V8
// grows its young generation once (a step of ~15-20 MB RSS, typically before 100,000 steps:
// committed, not live, memory), after which RSS stays flat. `node --trace-gc` shows both.
// The workers' heaps are not in process.memoryUsage().heapUsed, but they are in the RSS.

import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Trainer } from 'shardwise';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const { values: flags } = parseArgs({
  options: {
    steps: { type: 'string', default: '20000' },
    'sample-every': { type: 'string', default: '1000' },
    'long-epochs': { type: 'string', default: '100' },
    workers: { type: 'string', default: '2' },
  },
});
const STEPS = Number(flags.steps);
const SAMPLE_EVERY = Number(flags['sample-every']);
const LONG_EPOCHS = Number(flags['long-epochs']);
const WORKERS = Number(flags.workers);

const MB = 1024 * 1024;
const mb = (bytes) => (bytes / MB).toFixed(1);

function sample(label) {
  gc();
  gc();
  const usage = process.memoryUsage();
  return {
    label,
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    arrayBuffers: usage.arrayBuffers,
    handles: process.getActiveResourcesInfo().length,
    listeners: process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0),
  };
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function report(title, samples, unit, warmup, per) {
  console.log(`\n${title}`);
  console.log(
    `${unit.padStart(8)}  ${'rss MB'.padStart(8)}  ${'heap MB'.padStart(8)}  ${'bufs MB'.padStart(8)}  handles  listeners`,
  );
  // At most ~25 rows; the summary uses every sample.
  const stride = Math.ceil(samples.length / 25);
  for (const s of samples.filter((_, k) => k % stride === 0 || k === samples.length - 1)) {
    console.log(
      `${String(s.label).padStart(8)}  ${mb(s.rss).padStart(8)}  ${mb(s.heapUsed).padStart(8)}  ${mb(s.arrayBuffers).padStart(8)}  ${String(s.handles).padStart(7)}  ${String(s.listeners).padStart(9)}`,
    );
  }
  const steady = samples.slice(warmup);
  const rss = steady.map((s) => s.rss);
  const perUnit = slope(steady.map((s) => [s.label, s.rss]));
  const heapPerUnit = slope(steady.map((s) => [s.label, s.heapUsed]));
  const summary = {
    startMB: Number(mb(rss[0])),
    minMB: Number(mb(Math.min(...rss))),
    maxMB: Number(mb(Math.max(...rss))),
    endMB: Number(mb(rss.at(-1))),
    [`rssSlopeKBPer${per}`]: Number(((perUnit * per) / 1024).toFixed(1)),
    [`heapSlopeKBPer${per}`]: Number(((heapPerUnit * per) / 1024).toFixed(1)),
    handles: `${steady[0].handles} -> ${steady.at(-1).handles}`,
    listeners: `${steady[0].listeners} -> ${steady.at(-1).listeners}`,
  };
  console.log(
    `summary (after ${warmup} warm-up samples; slopes per ${per} ${unit}s): ${JSON.stringify(summary)}`,
  );
  return summary;
}

const dir = mkdtempSync(join(tmpdir(), 'shardwise-soak-'));
const controller = new AbortController();
const results = {};
const before = sample('before');
try {
  if (STEPS > 0) {
    // Small model, many tiny steps: per-step overhead (messages, promises, metrics) dominates.
    const trainer = await Trainer.create({
      dataset: 'xor',
      samples: 256,
      hidden: [16],
      batchSize: 16,
      epochs: Math.ceil(STEPS / 16) + 1,
      workers: WORKERS,
      out: join(dir, 'small.safetensors'),
      saveEvery: 100, // checkpoints too, every 1,600 steps
      signal: controller.signal,
      onEpoch: () => {},
    });
    const samples = [sample(0)];
    const started = performance.now();
    try {
      for (let step = 1; step <= STEPS; step++) {
        await trainer.step();
        if (step % SAMPLE_EVERY === 0) samples.push(sample(step));
      }
    } finally {
      await trainer.close();
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `\nsmall: ${STEPS} steps of xor 2-16-2, batch 16, ${WORKERS} workers, in ${seconds.toFixed(1)} s (${((seconds / STEPS) * 1e6).toFixed(0)} us/step)`,
    );
    results.small = report('RSS by step (small model)', samples, 'step', 2, 1000);
  }

  if (LONG_EPOCHS > 0) {
    // The 784-256-10 workload: big shared buffers, real GEMMs, one checkpoint per 5 epochs.
    const trainer = await Trainer.create({
      dataset: 'blobs',
      features: 784,
      classes: 10,
      samples: 10_000,
      hidden: [256],
      batchSize: 256,
      epochs: LONG_EPOCHS,
      workers: WORKERS,
      out: join(dir, 'large.safetensors'),
      saveEvery: 5,
      signal: controller.signal,
    });
    const samples = [sample(0)];
    const started = performance.now();
    try {
      for await (const metrics of trainer) samples.push(sample(metrics.epoch));
    } finally {
      await trainer.close();
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `\nlarge: ${LONG_EPOCHS} epochs of blobs 784-256-10, 10,000 rows, batch 256 (${LONG_EPOCHS * 40} steps), ${WORKERS} workers, in ${seconds.toFixed(1)} s`,
    );
    results.large = report('RSS by epoch (784-256-10)', samples, 'epoch', 3, 1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const after = sample('after');
console.log(
  `\nafter closing: abort listeners on the run's signal ${getEventListeners(controller.signal, 'abort').length}, ` +
    `process listeners ${before.listeners} -> ${after.listeners}, active resources ${before.handles} -> ${after.handles}, ` +
    `rss ${mb(before.rss)} -> ${mb(after.rss)} MB`,
);
console.log(JSON.stringify({ node: process.version, ...results }));
