// Bad files: exit 1 with one line naming the file (and where in it), before any training.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUserError, requireBuiltBinary, runCli, SMALL_RUN, tempDir } from './cli-harness.js';

const dir = tempDir('data-errors');
let model = '';

beforeAll(() => {
  requireBuiltBinary();
  model = dir.file('model.safetensors');
  const trained = runCli(['train', ...SMALL_RUN, '--epochs', '0', '--out', model, '--quiet']);
  expect(trained.status, trained.stderr).toBe(0);
});
afterAll(() => dir.remove());

describe('CSV problems', () => {
  it('a missing CSV names the file', () => {
    const missing = dir.file('missing.csv');
    expectUserError(runCli(['train', '--data', missing, '--epochs', '1']), 1, missing);
    expectUserError(runCli(['eval', '--model', model, '--data', missing]), 1, missing);
    expectUserError(runCli(['predict', '--model', model, '--data', missing]), 1, missing);
  });

  it('a ragged CSV names the file and the row', () => {
    const ragged = dir.write('ragged.csv', 'x0,x1,label\n0.1,0.2,0\n0.3,0.4\n0.5,0.6,1\n');
    const result = runCli(['train', '--data', ragged, '--epochs', '1']);
    expectUserError(result, 1, ragged, 'row 2');
  });

  it('features that do not fit the model name the file and both counts', () => {
    const wide = dir.write('wide.csv', 'x0,x1,x2,label\n1,2,3,0\n4,5,6,1\n');
    expectUserError(runCli(['eval', '--model', model, '--data', wide]), 1, wide, '3', '2');
    expectUserError(runCli(['predict', '--model', model, '--data', wide]), 1, wide, '3', '2');
  });
});

describe('checkpoint problems', () => {
  const corrupt = dir.file('corrupt.safetensors');
  beforeAll(() => writeFileSync(corrupt, 'this is not a checkpoint at all'));

  it.each([
    ['train --init', () => ['train', '--dataset', 'moons', '--init', corrupt, '--epochs', '1']],
    ['train --resume', () => ['train', '--resume', corrupt, '--epochs', '1']],
    ['eval', () => ['eval', '--model', corrupt, '--dataset', 'moons']],
    ['predict', () => ['predict', '--model', corrupt, '--data', dir.write('ok.csv', 'x0,x1\n1,2\n')]],
  ])('%s names the corrupt file', (_name, args) => {
    expectUserError(runCli(args()), 1, corrupt);
  });

  it('a missing checkpoint names the file', () => {
    const missing = dir.file('missing.safetensors');
    expectUserError(runCli(['eval', '--model', missing, '--dataset', 'moons']), 1, missing);
  });

  it('shows the stack only with SHARDWISE_DEBUG=1', () => {
    const missing = dir.file('missing.safetensors');
    const args = ['eval', '--model', missing, '--dataset', 'moons'];
    expect(runCli(args).stderr).not.toContain('    at ');
    const debug = runCli(args, { env: { SHARDWISE_DEBUG: '1' } });
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/^shardwise: .*missing\.safetensors\n/);
    expect(debug.stderr).toContain('    at ');
  });

  it('--out into a missing directory fails before training starts', () => {
    const out = dir.file('no/such/dir/model.safetensors');
    const result = runCli(['train', ...SMALL_RUN, '--epochs', '50', '--out', out]);
    expectUserError(result, 1, out);
    expect(result.stdout).not.toContain('epoch');
  });
});
