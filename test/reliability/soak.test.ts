// A short soak (the long one is test/reliability/soak.mjs): thousands of steps through `Trainer`
// keep resident memory flat after warm-up, and nothing (process listeners, abort listeners, active
// handles, worker threads) accumulates per epoch or per trainer.
import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Trainer } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const dir = mkdtempSync(join(tmpdir(), 'shardwise-soak-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MB = 1024 * 1024;

/** Memory after a full collection: what is retained, not when the collector last ran. */
function retained() {
  gc();
  gc();
  return process.memoryUsage();
}

/** What a leak per epoch or per trainer would grow. */
function resources() {
  return {
    processListeners: process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0),
    activeResources: process.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout').length,
  };
}

describe('soak', () => {
  it('3,000 steps keep RSS and heap flat after warm-up', async () => {
    const trainer = await Trainer.create({
      dataset: 'xor',
      samples: 256,
      hidden: [16],
      batchSize: 16,
      epochs: 1000,
      workers: 2,
      out: join(dir, 'soak.safetensors'),
      saveEvery: 50,
    });
    const curve: number[] = [];
    let warm: NodeJS.MemoryUsage | undefined;
    try {
      for (let step = 1; step <= 3000; step++) {
        await trainer.step();
        if (step === 500) warm = retained();
        if (step % 500 === 0) curve.push(Math.round(retained().rss / MB));
      }
    } finally {
      await trainer.close();
    }
    const end = retained();
    console.log(`soak RSS every 500 steps (MB): ${curve.join(' ')}`);
    // Generous for RSS: V8 may grow its young generation once (~15-20 MB, committed not live).
    // The heap bound is the sharp one: 1.5 KB per step would exceed it, and the history (one
    // entry per epoch) is ~20 KB here.
    expect((end.rss - warm!.rss) / MB).toBeLessThan(40);
    expect((end.heapUsed - warm!.heapUsed) / MB).toBeLessThan(4);
    expect((end.arrayBuffers - warm!.arrayBuffers) / MB).toBeLessThan(4);
  });

  it('adds no process listener, abort listener or handle per epoch, and removes its own on close', async () => {
    const before = resources();
    const controller = new AbortController();
    const trainer = await Trainer.create({
      dataset: 'moons',
      samples: 128,
      hidden: [8],
      batchSize: 16,
      epochs: 40,
      workers: 2,
      signal: controller.signal,
      onStep: () => {},
      onEpoch: () => {},
    });
    const perEpoch: Array<ReturnType<typeof resources> & { abortListeners: number }> = [];
    try {
      for await (const _ of trainer) {
        perEpoch.push({
          ...resources(),
          abortListeners: getEventListeners(controller.signal, 'abort').length,
        });
      }
    } finally {
      await trainer.close();
    }
    expect(perEpoch).toHaveLength(40);
    for (const entry of perEpoch) expect(entry).toEqual(perEpoch[0]);
    expect(perEpoch[0]!.abortListeners).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(resources()).toEqual(before);
  });

  it('creating and closing trainers one after another leaks no threads, handles or memory', async () => {
    const run = async () => {
      const trainer = await Trainer.create({
        dataset: 'spirals',
        samples: 300,
        hidden: [32],
        epochs: 2,
        workers: 2,
      });
      try {
        for await (const _ of trainer) {
          // two epochs
        }
      } finally {
        await trainer.close();
      }
    };
    await run(); // warm-up: module loading, first worker start
    const before = resources();
    const memory = retained();
    for (let k = 0; k < 8; k++) await run();
    expect(resources()).toEqual(before);
    expect((retained().rss - memory.rss) / MB).toBeLessThan(48);
    expect((retained().heapUsed - memory.heapUsed) / MB).toBeLessThan(4);
  });
});
