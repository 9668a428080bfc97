// Resuming is exact: 2 epochs, then resume to 4, gives the same tensors as 4 straight epochs, for
// Adam and for AdamW (whose checkpoint keeps its kind and its default weight decay).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors, type SafetensorsTensor } from '../../packages/cli/src/io/safetensors.js';
import { requireBuiltBinary, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('resume');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** Shuffled, two workers: the run whose optimizer state must survive the checkpoint. */
const RUN = ['--shuffle', '--workers', '2', '--samples', '600', '--quiet'];

function bytesOf(tensor: SafetensorsTensor): Buffer {
  const { buffer, byteOffset, byteLength } = tensor.data;
  return Buffer.from(buffer, byteOffset, byteLength);
}

function train(args: string[]): void {
  const result = runCli(['train', ...args, ...RUN]);
  expect(result.status, result.stderr).toBe(0);
}

describe.each(['adam', 'adamw'])('--resume with --optimizer %s', (optimizer) => {
  it('continues bit-identically to an uninterrupted run', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => dir.file(`${optimizer}-${name}.safetensors`));
    train(['--optimizer', optimizer, '--epochs', '2', '--out', a!]);
    train(['--resume', a!, '--epochs', '4', '--out', b!]);
    train(['--optimizer', optimizer, '--epochs', '4', '--out', c!]);

    const [resumed, straight] = await Promise.all([readSafetensors(b!), readSafetensors(c!)]);
    expect([...resumed.tensors.keys()]).toEqual([...straight.tensors.keys()]);
    expect(straight.tensors.size).toBeGreaterThan(0);
    for (const [name, tensor] of straight.tensors) {
      const other = resumed.tensors.get(name)!;
      expect(other.dtype, name).toBe(tensor.dtype);
      expect(other.shape, name).toEqual(tensor.shape);
      expect(bytesOf(other).equals(bytesOf(tensor)), `${name} differs`).toBe(true);
    }
    const saved = JSON.parse(resumed.metadata.training!).optimizer;
    expect(saved).toMatchObject({ kind: optimizer, weightDecay: optimizer === 'adamw' ? 0.01 : 0 });
  });

  it('accepts the same command line re-run with --resume added: silent, and still exact', async () => {
    const line = [
      '--hidden',
      '16,16',
      '--activation',
      'relu',
      '--dtype',
      'f32',
      '--lr',
      '0.01',
      '--seed',
      '3',
    ];
    const [a, b, c] = ['line-a', 'line-b', 'line-c'].map((name) => dir.file(`${name}.safetensors`));
    train([...line, '--epochs', '2', '--out', a!]);
    const resumed = runCli(['train', ...line, ...RUN, '--resume', a!, '--epochs', '4', '--out', b!]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toBe('');
    train([...line, '--epochs', '4', '--out', c!]);
    const [x, y] = await Promise.all([readSafetensors(b!), readSafetensors(c!)]);
    for (const [name, tensor] of y.tensors) {
      expect(bytesOf(x.tensors.get(name)!).equals(bytesOf(tensor)), `${name} differs`).toBe(true);
    }
  });
});
