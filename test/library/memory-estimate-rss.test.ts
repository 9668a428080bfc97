// The memory estimate against what a run really takes: a child process creates a trainer, trains
// a few steps and saves, and reports its peak resident memory above what it held before.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmKernelsAvailable } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { estimateRunMemory } from '../../packages/cli/src/trainer/memory-estimate.js';

const LIBRARY = fileURLToPath(new URL('../../packages/cli/dist/index.js', import.meta.url));

const CHILD = `
import { Trainer } from ${JSON.stringify(LIBRARY)};
const [options, out] = JSON.parse(process.argv[1]);
const before = process.memoryUsage().rss;
const trainer = await Trainer.create(options);
for (let i = 0; i < 2; i++) await trainer.step();
await trainer.save(out);
const peak = process.resourceUsage().maxRSS * 1024;
await trainer.close();
console.log(JSON.stringify({ grown: peak - before }));
`;

describe('the memory estimate against a real run', () => {
  it.each(['f32', 'f64'] as const)(
    'is within 30 percent of the peak resident memory a %s run adds',
    (dtype) => {
      const kernels = wasmKernelsAvailable() ? 'wasm' : 'ts';
      const options = {
        dataset: 'blobs',
        samples: 8192,
        features: 256,
        classes: 4,
        hidden: [1536, 1536],
        dtype,
        workers: 2,
        batchSize: 128,
        kernels,
        epochs: 1,
      } as const;
      const directory = mkdtempSync(join(tmpdir(), 'shardwise-rss-'));
      try {
        const child = spawnSync(
          process.execPath,
          ['--input-type=module', '-e', CHILD, JSON.stringify([options, join(directory, 'm.safetensors')])],
          { encoding: 'utf8', timeout: 240_000 },
        );
        expect(child.status, child.stderr).toBe(0);
        const { grown } = JSON.parse(child.stdout) as { grown: number };
        const estimate = estimateRunMemory({
          rows: options.samples,
          validationRows: 0,
          features: options.features,
          outputs: options.classes,
          hasLabels: true,
          config: {
            sizes: [options.features, ...options.hidden, options.classes],
            activation: 'relu',
            loss: 'ce',
            outActivation: 'identity',
            dtype,
          },
          optimizer: 'adam',
          workers: options.workers,
          kernels,
          batchSize: options.batchSize,
        });
        expect(grown).toBeGreaterThan(estimate.total * 0.7);
        expect(grown).toBeLessThan(estimate.total * 1.3);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  );
});
