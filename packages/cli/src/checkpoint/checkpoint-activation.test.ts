// The hidden activation and leaky_relu's slope in checkpoint metadata: written for leaky_relu (also
// when it is the default), read back into the config, and a missing, stray or malformed slope is
// a CheckpointError naming the key.
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
  directory = await mkdtemp(join(tmpdir(), 'shardwise-checkpoint-activation-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const base = { sizes: [3, 4, 2], loss: 'ce', outActivation: 'identity', dtype: 'f64' } as const;
let counter = 0;

async function saved(config: MlpConfig): Promise<string> {
  const path = join(directory, `model-${counter++}.safetensors`);
  const parameters = allocate('f64', parameterLayout(config.sizes).count).map((_, i) => Math.cos(i));
  await saveCheckpoint(path, { config, parameters, training: null });
  return path;
}

async function withMetadata(config: MlpConfig, edit: (metadata: Record<string, string>) => void) {
  const path = await saved(config);
  const raw = await readSafetensors(path);
  const metadata = { ...raw.metadata };
  edit(metadata);
  await writeSafetensors(path, Object.fromEntries(raw.tensors), metadata);
  return path;
}

describe('activation metadata', () => {
  it.each([
    [{ ...base, activation: 'leaky_relu', negativeSlope: 0.2 }, '0.2'],
    [{ ...base, activation: 'leaky_relu' }, '0.01'],
    [{ ...base, activation: 'gelu' }, undefined],
    [{ ...base, activation: 'gelu_tanh' }, undefined],
  ] as [MlpConfig, string | undefined][])('%o round-trips (negative_slope %s)', async (config, slope) => {
    const path = await saved(config);
    const { metadata } = await readSafetensors(path);
    expect(metadata.activation).toBe(config.activation);
    expect(metadata.negative_slope).toBe(slope);
    const loaded = await loadCheckpoint(path);
    expect(loaded.config.activation).toBe(config.activation);
    expect(loaded.config.negativeSlope).toBe(slope === undefined ? undefined : Number(slope));
  });

  it.each([
    ['missing for leaky_relu', 'leaky_relu', undefined, /"negative_slope" is missing/],
    ['given for gelu', 'gelu', '0.1', /"negative_slope" is only for activation leaky_relu/],
    ['not a number', 'leaky_relu', 'steep', /"negative_slope" is not a number/],
    ['empty', 'leaky_relu', ' ', /"negative_slope" is not a number/],
    ['negative', 'leaky_relu', '-0.5', /negative slope must be a finite number ≥ 0/],
  ] as const)('rejects a slope %s', async (_what, activation, slope, message) => {
    const path = await withMetadata({ ...base, activation: 'leaky_relu', negativeSlope: 0.3 }, (metadata) => {
      metadata.activation = activation;
      if (slope === undefined) delete metadata.negative_slope;
      else metadata.negative_slope = slope;
    });
    const error = await loadCheckpoint(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(message);
  });
});
