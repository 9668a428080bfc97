import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocate, type MlpConfig, parameterLayout } from '@shardwise/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { MAX_CLASS_NAME_CHARS } from '../io/class-names.js';
import { readSafetensors, writeSafetensors } from '../io/safetensors.js';
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-columns-metadata-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const CONFIG: MlpConfig = {
  sizes: [3, 4, 2],
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f32',
};
const COLUMNS = { features: ['f3', 'f1', 'f2'], label: 'species', targets: [] };

function checkpoint(extra: Partial<Checkpoint> = {}): Checkpoint {
  const parameters = allocate('f32', parameterLayout(CONFIG.sizes).count).fill(0.5);
  return {
    config: CONFIG,
    parameters,
    training: null,
    classNames: ['cat', 'dog'],
    columns: COLUMNS,
    ...extra,
  };
}

let counter = 0;

/** A saved checkpoint whose raw metadata `edit` then changed. */
async function tampered(edit: (metadata: Record<string, string>) => void): Promise<string> {
  const path = join(directory, `tampered-${counter++}.safetensors`);
  await saveCheckpoint(path, checkpoint());
  const raw = await readSafetensors(path);
  const metadata = { ...raw.metadata };
  edit(metadata);
  await writeSafetensors(path, Object.fromEntries(raw.tensors), metadata);
  return path;
}

describe('class names and columns in a checkpoint', () => {
  it('round-trip through save and load', async () => {
    const path = join(directory, 'round-trip.safetensors');
    await saveCheckpoint(path, checkpoint());
    const loaded = await loadCheckpoint(path);
    expect(loaded.classNames).toEqual(['cat', 'dog']);
    expect(loaded.columns).toEqual(COLUMNS);
    const raw = await readSafetensors(path);
    expect(JSON.parse(raw.metadata.class_names!)).toEqual(['cat', 'dog']);
  });

  it('are absent from a checkpoint of the conventional columns', async () => {
    const path = join(directory, 'plain.safetensors');
    await saveCheckpoint(path, checkpoint({ classNames: null, columns: null }));
    const loaded = await loadCheckpoint(path);
    expect(loaded.classNames).toBeUndefined();
    expect(loaded.columns).toBeUndefined();
    expect(Object.keys((await readSafetensors(path)).metadata)).not.toContain('columns');
  });

  it('are checked before saving', async () => {
    const path = join(directory, 'bad-save.safetensors');
    await expect(saveCheckpoint(path, checkpoint({ classNames: ['cat'] }))).rejects.toThrow(
      `cannot write ${path}: metadata "class_names" has 1 names for 2 outputs`,
    );
  });

  const TAMPERINGS: [string, (metadata: Record<string, string>) => void, string][] = [
    [
      'names repeated',
      (m) => (m.class_names = '["cat","cat"]'),
      'metadata "class_names" names a class twice',
    ],
    ['too few names', (m) => (m.class_names = '["cat"]'), 'has 1 names for 2 outputs'],
    ['too many names', (m) => (m.class_names = '["a","b","c"]'), 'has 3 names for 2 outputs'],
    [
      'an overlong name',
      (m) => (m.class_names = JSON.stringify(['cat', 'd'.repeat(MAX_CLASS_NAME_CHARS + 1)])),
      'longer than',
    ],
    ['names not JSON', (m) => (m.class_names = '["cat",'), 'metadata "class_names" is not valid JSON'],
    ['names not a list', (m) => (m.class_names = '{"0":"cat"}'), 'is not a list of names'],
    ['names for a regression model', (m) => (m.loss = 'mse'), 'only for a classifier'],
    [
      'too few feature columns',
      (m) => (m.columns = JSON.stringify({ ...COLUMNS, features: ['f1'] })),
      'must list 3 feature column names',
    ],
    [
      'a feature that is also the label',
      (m) => (m.columns = JSON.stringify({ ...COLUMNS, features: ['f1', 'f2', 'species'] })),
      'names a column twice',
    ],
    ['columns not an object', (m) => (m.columns = '[1]'), 'is not an object of features, label and targets'],
    [
      'label and targets together',
      (m) => (m.columns = JSON.stringify({ ...COLUMNS, targets: ['a', 'b'] })),
      'has both a label column and target columns',
    ],
  ];

  for (const [what, edit, fragment] of TAMPERINGS) {
    it(`refuses a tampered checkpoint: ${what}`, async () => {
      const path = await tampered(edit);
      const error = await loadCheckpoint(path).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(CheckpointError);
      const message = (error as Error).message;
      expect(message.startsWith(`${path}: `)).toBe(true);
      expect(message).toContain(fragment);
      expect(message).not.toContain('\n');
    });
  }
});
