// Every flag added for issues 14 and 15, given a bad value through the built binary: exit 2, one
// `shardwise:` line naming the flag, no stack trace and no help dump (expectUserError checks all).
import { beforeAll, describe, it } from 'vitest';
import { expectUserError, requireBuiltBinary, runCli, SMALL_RUN, tempDir } from './cli-harness.js';

const dir = tempDir('new-flag-errors');
const CSV = dir.write(
  'cols.csv',
  'id,f1,f2,species\n1,0.1,0.2,cat\n2,0.3,0.1,dog\n3,0.2,0.9,cat\n4,0.5,0.5,dog\n',
);
const ON_CSV = ['--data', CSV, '--epochs', '1', '--workers', '1', '--hidden', '4'];
const VALIDATED = [...SMALL_RUN, '--val-split', '0.2'];

beforeAll(() => requireBuiltBinary());

/** [flag, the rest of the command line, the flag's bad value, what the line must also say]. */
const TRAIN_CASES: readonly (readonly [string, readonly string[], string, string])[] = [
  ['--early-stopping', VALIDATED, '-1', 'got -1'],
  ['--min-delta', [...VALIDATED, '--early-stopping', '2'], '-0.1', 'got -0.1'],
  ['--lr-schedule', SMALL_RUN, 'warp', 'constant, step, cosine, plateau'],
  ['--warmup-epochs', SMALL_RUN, '-2', 'got -2'],
  ['--warmup-start-factor', SMALL_RUN, '0', 'got 0'],
  ['--lr-step-size', [...SMALL_RUN, '--lr-schedule', 'step'], '0', 'got 0'],
  ['--lr-gamma', SMALL_RUN, 'abc', 'got abc'],
  ['--lr-t-max', [...SMALL_RUN, '--lr-schedule', 'cosine'], '0', 'got 0'],
  ['--lr-min', SMALL_RUN, '-1', 'got -1'],
  ['--lr-factor', [...SMALL_RUN, '--lr-schedule', 'plateau'], '1.5', 'got 1.5'],
  ['--lr-patience', SMALL_RUN, '-1', 'got -1'],
  ['--lr-cooldown', SMALL_RUN, 'x', 'got x'],
  ['--class-weights', SMALL_RUN, '-1,2', 'got -1,2'],
  ['--shards', SMALL_RUN, '2.5', 'got 2.5'],
  ['--mpi-combine', SMALL_RUN, 'fast', 'ordered, allreduce'],
  ['--label-column', ON_CSV, 'specis', 'did you mean species'],
  ['--feature-columns', [...ON_CSV, '--label-column', 'species'], 'f2:f1', 'runs backwards'],
  ['--ignore-columns', [...ON_CSV, '--label-column', 'species'], 'nope', 'no column nope'],
  ['--target-columns', [...ON_CSV, '--ignore-columns', 'id,species'], 'f1,f1', 'names column f1 twice'],
];

describe('bad values of the new train flags', () => {
  for (const [flag, rest, value, detail] of TRAIN_CASES) {
    it(`${flag} ${value}`, () => {
      expectUserError(runCli(['train', ...rest, flag, value]), 2, flag, detail);
    });
  }

  it('predict --keep-columns with an empty entry', () => {
    expectUserError(
      runCli(['predict', '--model', dir.file('none.safetensors'), '--data', CSV, '--keep-columns', 'id,']),
      2,
      '--keep-columns',
    );
  });
});
