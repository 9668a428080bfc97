// User mistakes are reported as what they are (one line naming the flag or file), never as an
// "internal error".
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUserError, lines, requireBuiltBinary, runCli, SMALL_RUN, tempDir } from './cli-harness.js';

const dir = tempDir('messages');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** `header` then `rows` rows made by `row(i)`. */
function csv(name: string, header: string, rows: number, row: (i: number) => string): string {
  return dir.write(name, `${header}\n${Array.from({ length: rows }, (_, i) => row(i)).join('\n')}\n`);
}

describe('data that cannot train the model says why', () => {
  it('a label column of zeros: only one class, cross-entropy needs two', () => {
    const file = csv('zeros.csv', 'x0,x1,label', 20, (i) => `${i},${i % 3},0`);
    const result = runCli(['train', '--data', file, '--epochs', '1', '--workers', '1']);
    expectUserError(result, 1, file, 'only 1 class', 'at least 2');
  });

  it('one y column with --loss ce: names the columns and suggests mse', () => {
    const file = csv('one-target.csv', 'x0,y0', 20, (i) => `${i},${i / 10}`);
    const result = runCli(['train', '--data', file, '--loss', 'ce', '--epochs', '1', '--workers', '1']);
    expectUserError(result, 1, file, '1 target column', '--loss ce');
    expect(result.stderr).toContain('hint: use --loss mse');
  });

  it.each([[['--loss', 'mse']], [[]]])(
    'only feature columns (extra flags %j): no label or target columns',
    (extra) => {
      const file = csv('features-only.csv', 'x0,x1', 20, (i) => `${i},${i % 4}`);
      const result = runCli(['train', ...extra, '--data', file, '--epochs', '1', '--workers', '1']);
      expectUserError(result, 1, file, 'no label or target columns');
      expect(result.stderr).not.toContain('use --loss ce');
    },
  );

  it.each([
    ['100', '0.999'],
    ['10', '0.95'],
  ])('--samples %s --val-split %s leaves no training rows: a usage error (exit 2)', (samples, split) => {
    const result = runCli([
      'train',
      '--samples',
      samples,
      '--val-split',
      split,
      '--epochs',
      '1',
      '--workers',
      '1',
    ]);
    expectUserError(result, 2, `--val-split ${split}`, 'none to train on');
  });

  it('--val-split on a CSV too small for it is the same usage error', () => {
    const file = csv('two-rows.csv', 'x0,label', 2, (i) => `${i},${i}`);
    const result = runCli(['train', '--data', file, '--val-split', '0.9', '--epochs', '1']);
    expectUserError(result, 2, '--val-split 0.9');
  });

  it('--samples beyond what a typed array holds names --samples (train and eval)', () => {
    const result = runCli(['train', '--samples', '1000000000000', '--epochs', '1']);
    expectUserError(result, 2, '--samples 1000000000000');
    expect(result.stderr).not.toContain('Invalid typed array length');
    const model = dir.file('for-eval.safetensors');
    expect(runCli(['train', ...SMALL_RUN, '--epochs', '1', '--out', model]).status).toBe(0);
    const evaluated = runCli(['eval', '--model', model, '--dataset', 'moons', '--samples', '1000000000000']);
    expectUserError(evaluated, 2, '--samples 1000000000000');
    expect(evaluated.stderr).not.toContain('Invalid typed array length');
  });
});

describe('CSV quoting', () => {
  it('a quoted cell holding a line break is described as such, with its row and line', () => {
    const file = dir.write('quoted.csv', 'x0,label\n"1\n2",0\n3,1\n');
    const result = runCli(['train', '--data', file, '--epochs', '1']);
    expectUserError(result, 1, file, 'row 1 (line 2)', 'does not close on this line', 'line break');
  });
});

describe('NaN parameters end the run at the epoch they appear, keeping the last good checkpoint', () => {
  it('resuming on data with a NaN cell fails as a divergence in epoch 3; the checkpoint is unchanged', () => {
    const clean = csv('clean.csv', 'x0,x1,label', 200, (i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`);
    const dirty = csv(
      'dirty.csv',
      'x0,x1,label',
      200,
      (i) => `${i === 150 ? 'nan' : (i % 7) / 7},${(i % 5) / 5},${i % 2}`,
    );
    const out = dir.file('good.safetensors');
    expect(
      runCli(['train', '--data', clean, '--hidden', '8', '--workers', '1', '--epochs', '2', '--out', out])
        .status,
    ).toBe(0);
    const before = readFileSync(out);
    const result = runCli([
      'train',
      '--resume',
      out,
      '--data',
      dirty,
      '--allow-non-finite',
      '--epochs',
      '4',
      '--out',
      out,
      '--save-every',
      '1',
    ]);
    // Other data on resume is announced first (not an exact continuation); then the one error.
    const [notice, ...error] = result.stderr.split('\n');
    expect(notice).toMatch(/^shardwise: resuming with data .*dirty\.csv.*not an exact continuation/);
    expectUserError({ ...result, stderr: error.join('\n') }, 1, 'parameters became NaN', 'epoch 3');
    expect(result.stderr).toContain('--allow-non-finite');
    expect(readFileSync(out).equals(before)).toBe(true);
  });
});

describe('eval and predict do not recommend a flag they reject', () => {
  it.each(['eval', 'predict'])('%s on a NaN cell', (command) => {
    const model = dir.file('for-nan.safetensors');
    expect(runCli(['train', ...SMALL_RUN, '--epochs', '1', '--out', model]).status).toBe(0);
    const file = dir.write('nan-cell.csv', 'x0,x1,label\n0.5,nan,1\n');
    const result = runCli([command, '--model', model, '--data', file]);
    expectUserError(result, 1, file, 'row 1', 'not finite');
    expect(result.stderr).not.toContain('allow-non-finite');
    // ...which they really reject:
    const flagged = runCli([command, '--model', model, '--data', file, '--allow-non-finite']);
    expectUserError(flagged, 2, '--allow-non-finite');
  });
});

describe('a misspelled flag gets a suggestion', () => {
  it.each([
    [['train', '--epoch', '3'], '--epoch', '--epochs'],
    [['train', '--hiden', '8'], '--hiden', '--hidden'],
    [['train', '--learning-rate', '0.1'], '--learning-rate', '--lr'],
    [['train', '--batch_size', '8'], '--batch_size', '--batch-size'],
    [['eval', '--modle', 'm.safetensors', '--data', 'x.csv'], '--modle', '--model'],
    [['predict', '--model', 'm.safetensors', '--dtaa', 'x.csv'], '--dtaa', '--data'],
    [['bench', '--workres', '2'], '--workres', '--workers'],
  ])('%j', (args, typed, meant) => {
    const result = runCli(args);
    expectUserError(result, 2, `unknown argument ${typed}; did you mean ${meant}?`);
  });

  it('a flag close to none is only named', () => {
    const result = runCli(['train', '--zzzz', '1']);
    expectUserError(result, 2, 'unknown argument --zzzz');
    expect(lines(result.stderr)[0]).not.toContain('did you mean');
  });
});
