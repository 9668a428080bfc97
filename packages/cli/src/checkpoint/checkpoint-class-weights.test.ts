// A checkpoint keeps the loss's class weights exactly (metadata "class_weights", a JSON array), and
// refuses saved weights that cannot belong to its model: not numbers, wrong count, negative, all 0,
// or a regression loss.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocate, type MlpConfig, parameterLayout } from '@shardwise/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { readSafetensors, writeSafetensors } from '../io/safetensors.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-checkpoint-class-weights-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const CONFIG: MlpConfig = {
  sizes: [3, 4, 3],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
  classWeights: [0.1 + 0.2, 1 / 3, 7],
};
const parameters = allocate('f64', parameterLayout(CONFIG.sizes).count).fill(0.25);

describe('class weights in a checkpoint', () => {
  it('round-trip bit for bit; an unweighted model saves none', async () => {
    const path = join(directory, 'weighted.safetensors');
    await saveCheckpoint(path, { config: CONFIG, parameters, training: null });
    expect((await loadCheckpoint(path)).config.classWeights).toEqual(CONFIG.classWeights);
    const { classWeights: _, ...plain } = CONFIG;
    const plainPath = join(directory, 'plain.safetensors');
    await saveCheckpoint(plainPath, { config: plain, parameters, training: null });
    expect((await readSafetensors(plainPath)).metadata.class_weights).toBeUndefined();
    expect('classWeights' in (await loadCheckpoint(plainPath)).config).toBe(false);
  });

  it.each([
    ['not JSON', '[1, 2', 'metadata "class_weights" is not a JSON array of numbers'],
    ['not numbers', '["1", 2, 3]', 'metadata "class_weights" is not a JSON array of numbers'],
    ['too few', '[1, 2]', 'class weights must be 3 numbers (one per class), got 2'],
    ['negative', '[1, -2, 3]', 'class weights must be finite numbers ≥ 0, got -2'],
    ['all zero', '[0, 0, 0]', 'class weights must not all be 0'],
  ])('rejects saved class weights %s', async (_name, text, fragment) => {
    const path = join(directory, `tampered-${_name.replace(/ /g, '-')}.safetensors`);
    await saveCheckpoint(path, { config: CONFIG, parameters, training: null });
    const raw = await readSafetensors(path);
    await writeSafetensors(path, Object.fromEntries(raw.tensors), { ...raw.metadata, class_weights: text });
    const error = await loadCheckpoint(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain(fragment);
  });

  it('rejects class weights saved with a regression loss', async () => {
    const path = join(directory, 'mse.safetensors');
    await saveCheckpoint(path, {
      config: { ...CONFIG, classWeights: undefined, loss: 'mse' },
      parameters,
      training: null,
    });
    const raw = await readSafetensors(path);
    await writeSafetensors(path, Object.fromEntries(raw.tensors), {
      ...raw.metadata,
      class_weights: '[1,1,1]',
    });
    await expect(loadCheckpoint(path)).rejects.toThrow(
      'class weights apply to a classification loss, not mse',
    );
  });
});
