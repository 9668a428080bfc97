// Property-based fuzzing of checkpoint loading (fast-check): a real checkpoint whose metadata or
// tensors are replaced by hostile values (any JSON, deep nesting, huge sizes, long strings) either
// loads into a consistent checkpoint or is rejected with a short one-line CheckpointError.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MlpConfig, OPTIMIZER_KINDS, parameterLayout, Rng, resolveOptimizer } from '@shardwise/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { readSafetensors, type SafetensorsTensor, writeSafetensors } from '../io/safetensors.js';

import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';

let directory: string;
let original: { metadata: Record<string, string>; tensors: Record<string, SafetensorsTensor> };
const RUNS = Number(process.env.SHARDWISE_FUZZ_RUNS) || 200;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-ckpt-fuzz-'));
  const config: MlpConfig = {
    sizes: [3, 4, 2],
    activation: 'relu',
    loss: 'ce',
    outActivation: 'identity',
    dtype: 'f32',
  };
  const count = parameterLayout(config.sizes).count;
  const path = join(directory, 'base.safetensors');
  await saveCheckpoint(path, {
    config,
    parameters: Float32Array.from({ length: count }, (_, i) => i / 10),
    training: {
      epoch: 2,
      globalStep: 7,
      optimizer: resolveOptimizer({ kind: 'adam', lr: 0.01 }),
      optimizerState: new Float32Array(2 * count),
      rngState: new Rng(3).getState(),
      history: [
        { epoch: 1, loss: 0.5, accuracy: 0.5, samplesPerSecond: 10, seconds: 1 },
        { epoch: 2, loss: 0.4, accuracy: 0.6, samplesPerSecond: 10, seconds: 1 },
      ],
      options: { batchSize: 4, seed: 1, position: { step: 1, lossSum: 0.5, correct: 2, rows: 4 } },
    },
  });
  const file = await readSafetensors(path);
  original = { metadata: file.metadata, tensors: Object.fromEntries(file.tensors) };
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const PLACEHOLDER = '__HOSTILE_VALUE__';
const deepNesting = fc
  .integer({ min: 1, max: 100_000 })
  .map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
/** Raw JSON text of a hostile value. */
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  deepNesting,
  fc.constantFrom(
    '1e12',
    '9007199254740992',
    '-1',
    '0.5',
    '1e308',
    'null',
    '"adam"',
    '[1e6,1e6]',
    '[]',
    '{}',
  ),
  fc.string({ maxLength: 2000 }).map((text) => JSON.stringify(text)),
);

/** The training JSON with one value (at a random path) replaced by hostile JSON text. */
function replaceAtPath(json: string | undefined, pick: number, replacement: string): string {
  let value: unknown;
  try {
    value = JSON.parse(json ?? '');
  } catch {
    return replacement; // an earlier edit already replaced the whole JSON
  }
  const paths: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    paths.push(path);
    // Shallow paths only: an earlier edit may have nested values deeper than recursion can follow.
    if (node !== null && typeof node === 'object' && path.length < 4) {
      for (const [key, child] of Object.entries(node))
        walk(child, [...path, Array.isArray(node) ? Number(key) : key]);
    }
  };
  walk(value, []);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return replacement;
  let parent = value as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1)!] = PLACEHOLDER;
  try {
    return JSON.stringify(value).replace(JSON.stringify(PLACEHOLDER), replacement);
  } catch {
    return replacement; // too deeply nested to serialise again
  }
}

const metadataMutation = fc.oneof(
  // A value somewhere inside the training JSON.
  fc.tuple(fc.nat(), hostileJson).map(([pick, raw]) => (metadata: Record<string, string>) => ({
    ...metadata,
    training: replaceAtPath(metadata.training, pick, raw),
  })),
  // A whole metadata entry (sizes, dtype, activation, format...) replaced or removed.
  fc
    .tuple(
      fc.constantFrom(
        'sizes',
        'dtype',
        'activation',
        'loss',
        'out_activation',
        'format',
        'format_version',
        'training',
      ),
      fc.option(fc.oneof(hostileJson, fc.string({ maxLength: 100 }))),
    )
    .map(([key, value]) => (metadata: Record<string, string>) => {
      const copy = { ...metadata };
      if (value === null) delete copy[key];
      else copy[key] = value;
      return copy;
    }),
);

const tensorMutation = fc.oneof(
  fc.constant((tensors: Record<string, SafetensorsTensor>) => tensors),
  // A tensor dropped, renamed, reshaped or retyped.
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('drop', 'rename', 'reshape', 'retype', 'nan'),
      fc.array(fc.nat({ max: 40 }), { maxLength: 3 }),
    )
    .map(([pick, how, shape]) => (tensors: Record<string, SafetensorsTensor>) => {
      const names = Object.keys(tensors);
      const name = names[pick % names.length]!;
      const copy = { ...tensors };
      const tensor = copy[name]!;
      delete copy[name];
      if (how === 'rename') copy[`${name}.extra`] = tensor;
      if (how === 'reshape') {
        const elements = shape.reduce((a, b) => a * b, 1);
        copy[name] = {
          ...tensor,
          shape,
          data: new (tensor.data.constructor as Float32ArrayConstructor)(elements),
        };
      }
      if (how === 'retype')
        copy[name] = { dtype: 'F64', shape: tensor.shape, data: Float64Array.from(tensor.data) };
      if (how === 'nan') {
        const data = tensor.data.slice();
        if (data.length > 0) data[pick % data.length] = Number.NaN;
        copy[name] = { ...tensor, data };
      }
      return copy;
    }),
);

describe('checkpoint loading fuzzing (fast-check)', () => {
  it('rejects an optimizer kind nested deeper than JSON.stringify can follow (found by fuzzing)', async () => {
    const path = join(directory, 'deep-kind.safetensors');
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const training = JSON.parse(original.metadata.training!) as { optimizer: { kind: unknown } };
    training.optimizer.kind = PLACEHOLDER;
    const text = JSON.stringify(training).replace(JSON.stringify(PLACEHOLDER), deep);
    await writeSafetensors(path, original.tensors, { ...original.metadata, training: text });
    await expect(loadCheckpoint(path)).rejects.toThrow(
      `${path}: training.optimizer.kind must be one of ${OPTIMIZER_KINDS.join(', ')}, got […]`,
    );
  });

  it('loads or cleanly rejects checkpoints with hostile metadata and tensors', async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(metadataMutation, { maxLength: 2 }),
        tensorMutation,
        async (edits, editTensors) => {
          const metadata = edits.reduce((soFar, edit) => edit(soFar), original.metadata);
          const path = join(directory, `case-${counter++}.safetensors`);
          await writeSafetensors(path, editTensors(original.tensors), metadata);
          try {
            const checkpoint = await loadCheckpoint(path);
            expect(checkpoint.parameters.length).toBe(parameterLayout(checkpoint.config.sizes).count);
          } catch (error) {
            if (!(error instanceof CheckpointError)) throw error; // anything else is a bug
            expect(error.message).not.toMatch(/[\r\n]/);
            expect(error.message.startsWith(path), error.message).toBe(true);
            expect(error.message.length, error.message.slice(0, 200)).toBeLessThan(path.length + 400);
          } finally {
            await rm(path);
          }
        },
      ),
      { numRuns: RUNS, timeout: 5000 },
    );
  });
});
