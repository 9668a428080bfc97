// A run with a stratified --val-split and standardization resumes exactly: 2 epochs then resume
// to 4 gives the same weights, statistics and validation history as 4 straight epochs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, type TrainOptions, train } from 'shardwise';
import { afterAll, expect, it } from 'vitest';
import { readSafetensors } from '../../packages/cli/src/io/safetensors.js';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-resume-stratified-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN = {
  dataset: 'blobs',
  samples: 90,
  features: 3,
  classes: 3,
  hidden: [5],
  batchSize: 16,
  valSplit: 0.3,
  standardize: true,
  seed: 11,
  workers: 2,
  kernels: 'ts',
  dtype: 'f64',
} as const satisfies TrainOptions;

it('continues bit-identically, splitting and standardizing as the uninterrupted run', async () => {
  const half = join(dir, 'half.safetensors');
  await train({ ...RUN, epochs: 2, out: half });
  const saved = JSON.parse((await readSafetensors(half)).metadata.training!).options;
  expect(saved.valSplitMethod).toBe('stratified');
  const resumed = await train({ resume: half, epochs: 4 });
  const straight = await train({ ...RUN, epochs: 4 });
  expect([...resumed.model.parameters]).toEqual([...straight.model.parameters]);
  expect([...resumed.model.standardization!.mean]).toEqual([...straight.model.standardization!.mean]);
  expect([...resumed.model.standardization!.scale]).toEqual([...straight.model.standardization!.scale]);
  expect(resumed.history.map((m) => m.valLoss)).toEqual(straight.history.map((m) => m.valLoss));
  expect((await loadModel(half)).standardization!.rows).toBe(63);
});
