import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allocate,
  type FloatArray,
  type MlpConfig,
  parameterLayout,
  resolveOptimizer,
} from '@shardwise/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { readSafetensors, type SafetensorsTensor, writeSafetensors } from '../io/safetensors.js';

import { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-checkpoint-rejects-'));
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
const PARAMETER_COUNT = parameterLayout(CONFIG.sizes).count;

function validCheckpoint(): Checkpoint {
  const parameters = allocate('f32', PARAMETER_COUNT);
  for (let i = 0; i < parameters.length; i++) parameters[i] = Math.sin(i);
  return {
    config: CONFIG,
    parameters,
    training: {
      epoch: 2,
      globalStep: 10,
      optimizer: resolveOptimizer({ kind: 'adam', lr: 0.01 }),
      optimizerState: allocate('f32', 2 * PARAMETER_COUNT).fill(0.5),
      rngState: [1, 2, 3, 4],
      history: [{ epoch: 1, loss: 0.7, samplesPerSecond: 100, seconds: 1 }],
      options: { batchSize: 8, seed: 1 },
    },
  };
}

interface EditableFile {
  metadata: Record<string, string>;
  tensors: Record<string, SafetensorsTensor>;
}

let fileCounter = 0;

/** A valid resumable checkpoint, rewritten after `edit` changed its raw metadata or tensors. */
async function tamperedCheckpoint(edit: (file: EditableFile) => void): Promise<string> {
  const path = join(directory, `tampered-${fileCounter++}.safetensors`);
  await saveCheckpoint(path, validCheckpoint());
  const raw = await readSafetensors(path);
  const file = { metadata: { ...raw.metadata }, tensors: Object.fromEntries(raw.tensors) };
  edit(file);
  await writeSafetensors(path, file.tensors, file.metadata);
  return path;
}

function editTraining(edit: (training: Record<string, unknown>) => void): (file: EditableFile) => void {
  return (file) => {
    const training = JSON.parse(file.metadata.training!);
    edit(training);
    file.metadata.training = JSON.stringify(training);
  };
}

async function expectRejection(promise: Promise<unknown>, path: string, fragment: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  const message = (error as CheckpointError).message;
  expect(message).toContain(path);
  expect(message).toContain(fragment);
  expect(message).not.toContain('\n');
  expect(message.length).toBeLessThan(path.length + 400);
}

const f32 = (length: number, value = 0.25): FloatArray => allocate('f32', length).fill(value);

const TAMPERINGS: [string, (file: EditableFile) => void, string][] = [
  ['format key missing', (f) => delete f.metadata.format, 'not a shardwise checkpoint'],
  ['another format', (f) => (f.metadata.format = 'keras'), 'not a shardwise checkpoint'],
  ['unsupported version', (f) => (f.metadata.format_version = '2'), 'unsupported format_version "2"'],
  ['version missing', (f) => delete f.metadata.format_version, 'unsupported format_version (missing)'],
  ['sizes missing', (f) => delete f.metadata.sizes, 'metadata "sizes" is missing'],
  ['sizes not JSON', (f) => (f.metadata.sizes = '[3, 4,'), 'not a JSON array of layer widths'],
  ['sizes not integers', (f) => (f.metadata.sizes = '[3, 4.5, 2]'), 'invalid model config'],
  ['unknown activation', (f) => (f.metadata.activation = 'swish'), 'unknown activation "swish"'],
  ['unknown loss', (f) => (f.metadata.loss = 'hinge'), 'unknown loss'],
  ['unknown dtype', (f) => (f.metadata.dtype = 'f16'), 'unknown dtype'],
  ['newline in metadata stays one line', (f) => (f.metadata.activation = 'a\nb'), 'unknown activation'],
  [
    'huge metadata value stays short',
    (f) => (f.metadata.activation = 'x'.repeat(5000)),
    'unknown activation',
  ],
  ['layer tensor missing', (f) => delete f.tensors['layers.1.bias'], 'tensor "layers.1.bias" is missing'],
  [
    'extra layer tensor',
    (f) => (f.tensors['layers.2.weight'] = { dtype: 'F32', shape: [2, 2], data: f32(4) }),
    'unexpected tensor "layers.2.weight"',
  ],
  [
    'sizes disagree with the tensors',
    (f) => (f.metadata.sizes = '[3, 5, 2]'),
    'tensor "layers.0.weight" has shape [4, 3], expected [5, 3]',
  ],
  [
    'weight stored untransposed',
    (f) => (f.tensors['layers.0.weight'] = { dtype: 'F32', shape: [3, 4], data: f32(12) }),
    'expected [4, 3]',
  ],
  [
    'tensor dtype differs from the config',
    (f) => (f.tensors['layers.0.bias'] = { dtype: 'F64', shape: [4], data: new Float64Array(4) }),
    "is F64, but the checkpoint's dtype is f32",
  ],
  [
    'NaN weight',
    (f) => ((f.tensors['layers.1.weight']!.data as Float32Array)[3] = Number.NaN),
    'non-finite value (NaN) at index 3',
  ],
  [
    'infinite bias',
    (f) => ((f.tensors['layers.0.bias']!.data as Float32Array)[0] = Number.POSITIVE_INFINITY),
    'non-finite value (Infinity)',
  ],
  [
    'optimizer state of the wrong length',
    (f) =>
      (f.tensors['optimizer.state'] = { dtype: 'F32', shape: [PARAMETER_COUNT], data: f32(PARAMETER_COUNT) }),
    `optimizer state has ${PARAMETER_COUNT} values, but adam needs ${2 * PARAMETER_COUNT}`,
  ],
  ['optimizer state missing', (f) => delete f.tensors['optimizer.state'], 'optimizer state has 0 values'],
  [
    'optimizer state in the wrong dtype',
    (f) =>
      (f.tensors['optimizer.state'] = {
        dtype: 'F64',
        shape: [2 * PARAMETER_COUNT],
        data: new Float64Array(2 * PARAMETER_COUNT),
      }),
    'tensor "optimizer.state" is F64',
  ],
  [
    'non-finite optimizer state',
    (f) => ((f.tensors['optimizer.state']!.data as Float32Array)[5] = Number.NaN),
    'optimizer state holds a non-finite value',
  ],
  [
    'rng state of length 3',
    (f) => (f.tensors['trainer.rng_state'] = { dtype: 'U32', shape: [3], data: new Uint32Array([1, 2, 3]) }),
    'rng state must be 4 uint32 words, got 3',
  ],
  [
    'rng state all zero',
    (f) => (f.tensors['trainer.rng_state'] = { dtype: 'U32', shape: [4], data: new Uint32Array(4) }),
    'rng state is all zero',
  ],
  [
    'rng state not U32',
    (f) =>
      (f.tensors['trainer.rng_state'] = { dtype: 'I32', shape: [4], data: new Int32Array([1, 2, 3, 4]) }),
    'is I32, expected U32',
  ],
  [
    'rng state missing',
    (f) => delete f.tensors['trainer.rng_state'],
    'tensor "trainer.rng_state" is missing',
  ],
  [
    'training JSON unparsable',
    (f) => (f.metadata.training = '{"epoch": 2,'),
    'metadata "training" is not valid JSON',
  ],
  ['training not an object', (f) => (f.metadata.training = '[1, 2]'), 'training is not a JSON object'],
  ['globalStep missing', editTraining((t) => delete t.globalStep), 'training.globalStep is missing'],
  ['negative epoch', editTraining((t) => (t.epoch = -1)), 'training.epoch must be a non-negative integer'],
  ['options missing', editTraining((t) => delete t.options), 'training.options is missing'],
  ['history not an array', editTraining((t) => (t.history = {})), 'training.history is not an array'],
  [
    'history entry without loss',
    editTraining((t) => (t.history = [{ epoch: 1, samplesPerSecond: 1, seconds: 1 }])),
    'training.history[0].loss is missing',
  ],
  [
    'unknown optimizer kind',
    editTraining((t) => ((t.optimizer as Record<string, unknown>).kind = 'rmsprop')),
    'training.optimizer.kind must be one of sgd, momentum, adam, adamw',
  ],
  [
    'optimizer field missing',
    editTraining((t) => delete (t.optimizer as Record<string, unknown>).beta1),
    'training.optimizer.beta1 is missing',
  ],
  [
    'optimizer option out of range',
    editTraining((t) => ((t.optimizer as Record<string, unknown>).lr = -1)),
    'invalid training.optimizer: optimizer lr must be a finite number > 0',
  ],
  ['resume tensors in a weights-only file', (f) => delete f.metadata.training, 'unexpected tensor'],
];

describe('loadCheckpoint rejects', () => {
  it.each(TAMPERINGS)('%s', async (_, edit, fragment) => {
    const path = await tamperedCheckpoint(edit);
    await expectRejection(loadCheckpoint(path), path, fragment);
  });

  it('a missing file', async () => {
    const path = join(directory, 'nowhere.safetensors');
    await expectRejection(loadCheckpoint(path), path, 'checkpoint not found: ');
  });

  it('a file that is not safetensors', async () => {
    const path = join(directory, 'notes.txt');
    await writeFile(path, 'hello, this is not a checkpoint at all');
    await expectRejection(loadCheckpoint(path), path, 'not a valid safetensors file');
  });

  it('a truncated file', async () => {
    const path = join(directory, 'truncated.safetensors');
    await saveCheckpoint(path, validCheckpoint());
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 10));
    await expectRejection(loadCheckpoint(path), path, 'not a valid safetensors file');
  });

  it('a directory', async () => {
    await expectRejection(loadCheckpoint(directory), directory, 'cannot read');
  });
});

describe('saveCheckpoint rejects', () => {
  const path = () => join(directory, 'refused.safetensors');
  const withTraining = (changes: Record<string, unknown>): Checkpoint => {
    const checkpoint = validCheckpoint();
    return { ...checkpoint, training: { ...checkpoint.training!, ...changes } };
  };

  it('a directory that does not exist, naming the path', async () => {
    const missing = join(directory, 'no-such-dir', 'model.safetensors');
    await expectRejection(saveCheckpoint(missing, validCheckpoint()), missing, 'does not exist');
  });

  it.each<[string, () => Checkpoint, string]>([
    ['too few parameters', () => ({ ...validCheckpoint(), parameters: f32(3) }), '3 parameters given'],
    [
      'parameters in another dtype',
      () => ({ ...validCheckpoint(), parameters: new Float64Array(PARAMETER_COUNT) }),
      'parameters are f64',
    ],
    [
      'a non-finite parameter',
      () => ({ ...validCheckpoint(), parameters: f32(PARAMETER_COUNT, Number.NaN) }),
      'not finite',
    ],
    [
      'an invalid config',
      () => ({ ...validCheckpoint(), config: { ...CONFIG, activation: 'swish' as never } }),
      'unknown activation',
    ],
    ['optimizer state of the wrong length', () => withTraining({ optimizerState: f32(2) }), 'adam needs'],
    ['an all-zero rng state', () => withTraining({ rngState: [0, 0, 0, 0] }), 'rng state is all zero'],
    [
      'a fractional epoch',
      () => withTraining({ epoch: 1.5 }),
      'training.epoch must be a non-negative integer',
    ],
    [
      'an invalid optimizer',
      () => withTraining({ optimizer: { ...resolveOptimizer({ kind: 'adam', lr: 1 }), lr: 0 } }),
      'optimizer lr must be',
    ],
    ['a function in the options', () => withTraining({ options: { onEpoch: () => {} } }), 'not JSON-safe'],
    [
      'a NaN in the history',
      () => withTraining({ history: [{ epoch: 1, loss: Number.NaN, samplesPerSecond: 1, seconds: 1 }] }),
      'not JSON-safe',
    ],
  ])('%s', async (_, make, fragment) => {
    await expectRejection(saveCheckpoint(path(), make()), path(), fragment);
  });
});
