// --dropout through the built binary: a rate per hidden layer trains and is saved in the
// checkpoint; p = 1 is a one-line usage error naming the flag. (Resume with dropout, and lists of
// the wrong length: test/library/dropout-training.test.ts and dropout-rates.test.ts.)
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUserError, requireBuiltBinary, runCli, SMALL_RUN, tempDir } from './cli-harness.js';

const dir = tempDir('dropout');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** The run settings a checkpoint saved (`options` of its `training` metadata). */
function savedOptions(path: string): Record<string, unknown> {
  const bytes = readFileSync(path);
  const length = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + length).toString('utf8')) as {
    __metadata__: Record<string, string>;
  };
  const training = JSON.parse(header.__metadata__.training!) as { options: Record<string, unknown> };
  return training.options;
}

describe('--dropout', () => {
  it('trains with one rate per hidden layer and saves it in the checkpoint', () => {
    const model = dir.file('dropout.safetensors');
    const run = [...SMALL_RUN, '--hidden', '8,8', '--epochs', '1'];
    const trained = runCli(['train', ...run, '--dropout', '0.2,0.1', '--out', model, '--quiet']);
    expect(trained.status, trained.stderr).toBe(0);
    expect(savedOptions(model).dropout).toEqual([0.2, 0.1]);
  });

  it('refuses p = 1 in one line naming the flag', () => {
    expectUserError(runCli(['train', ...SMALL_RUN, '--dropout', '1']), 2, '--dropout must be', 'got 1');
  });
});
