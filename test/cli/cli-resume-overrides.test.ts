// `shardwise train --resume/--init` does what the flags typed ask: every optimizer flag overrides
// the checkpoint with one notice, architecture flags may repeat its values (another value is
// refused naming both), data and schedule changes are warned, and nothing left to train is said.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../packages/cli/src/io/safetensors.js';
import { expectUserError, jsonLines, lines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';
import { runInProcess } from './cli-in-process.js';

const dir = tempDir('overrides');
afterAll(() => dir.remove());

/**
 * `shardwise train ...args` run inside the temp dir, so paths print as in the issue
 * (`m.safetensors`): in this process (cli-in-process.ts), as what is checked here is what the
 * trainer makes of the flags; 'the binary says the same' below runs some on the binary.
 */
const cli = (...args: string[]) => runInProcess(args, { cwd: dir.path });

const BASE = ['--dataset', 'moons', '--samples', '200', '--hidden', '16,16', '--workers', '1', '--quiet'];

async function savedTraining(name: string) {
  const file = await readSafetensors(dir.file(name));
  return JSON.parse(file.metadata.training!) as {
    epoch: number;
    globalStep: number;
    optimizer: Record<string, unknown>;
    options: Record<string, unknown>;
  };
}

/** The `shardwise: ` lines on stderr, without the prefix. */
function notices(stderr: string): string[] {
  return lines(stderr).map((line) => {
    expect(line).toMatch(/^shardwise: /);
    return line.slice('shardwise: '.length);
  });
}

beforeAll(async () => {
  requireBuiltBinary();
  const result = await cli('train', ...BASE, '--epochs', '2', '--out', 'm.safetensors');
  expect(result.status, result.stderr).toBe(0);
  const ten = ['x0,x1,label', ...Array.from({ length: 200 }, (_, i) => `${Math.sin(i)},${i % 10},${i % 10}`)];
  dir.write('ten.csv', `${ten.join('\n')}\n`);
  const nine = ['x0,x1,label', ...Array.from({ length: 90 }, (_, i) => `${Math.cos(i)},${i % 9},${i % 9}`)];
  dir.write('nine.csv', `${nine.join('\n')}\n`);
});

describe('optimizer flags on --resume', () => {
  it('the issue’s commands take effect and say so', async () => {
    let result = await cli(
      'train',
      '--resume',
      'm.safetensors',
      '--epochs',
      '3',
      '--lr',
      '0.001',
      '--quiet',
      '--out',
      'a.safetensors',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(notices(result.stderr)).toEqual(['resuming with lr 0.001 (checkpoint: 0.01)']);
    expect((await savedTraining('a.safetensors')).optimizer.lr).toBe(0.001);

    result = await cli('train', '--resume', 'm.safetensors', '--epochs', '3', '--lr', '1e-8', '--quiet');
    expect(notices(result.stderr)).toEqual(['resuming with lr 1e-8 (checkpoint: 0.01)']);

    result = await cli(
      'train',
      '--resume',
      'm.safetensors',
      '--epochs',
      '3',
      '--optimizer',
      'sgd',
      '--weight-decay',
      '5',
      '--quiet',
      '--out',
      'b.safetensors',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(notices(result.stderr)).toEqual([
      "resuming with optimizer sgd (checkpoint: adam); the optimizer state starts fresh (adam's does not carry over)",
      'resuming with weight-decay 5 (checkpoint: 0)',
    ]);
    const saved = await savedTraining('b.safetensors');
    expect(saved.optimizer).toMatchObject({ kind: 'sgd', weightDecay: 5 });
    expect(saved.globalStep).toBe(4); // one epoch of sgd: its own update count
  });

  it.each([
    ['lr', '0.002', 'lr', 0.002, '0.01'],
    ['optimizer', 'momentum', 'kind', 'momentum', 'adam'],
    ['momentum', '0.5', 'momentum', 0.5, '0.9'],
    ['weight-decay', '0.1', 'weightDecay', 0.1, '0'],
    ['beta1', '0.8', 'beta1', 0.8, '0.9'],
    ['beta2', '0.99', 'beta2', 0.99, '0.999'],
    ['eps', '1e-7', 'epsilon', 1e-7, '1e-8'],
  ])('--%s %s overrides the checkpoint with one notice', async (flag, value, field, parsed, before) => {
    const out = `flag-${flag}.safetensors`;
    const result = await cli(
      'train',
      '--resume',
      'm.safetensors',
      '--epochs',
      '3',
      `--${flag}`,
      value,
      '--quiet',
      '--out',
      out,
    );
    expect(result.status, result.stderr).toBe(0);
    const [notice, ...rest] = notices(result.stderr);
    expect(notice).toMatch(new RegExp(`^resuming with ${flag} ${value} \\(checkpoint: ${before}\\)`));
    expect(rest).toEqual([]);
    expect((await savedTraining(out)).optimizer[field]).toBe(parsed);
  });

  it('repeating the saved value, or no flag at all, is silent', async () => {
    for (const extra of [[], ['--lr', '0.01', '--optimizer', 'adam', '--beta2', '0.999']]) {
      const result = await cli('train', '--resume', 'm.safetensors', '--epochs', '3', ...extra, '--quiet');
      expect(result.status, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
    }
  });

  it('an invalid value is refused naming the flag', async () => {
    expectUserError(await cli('train', '--resume', 'm.safetensors', '--beta1', '1'), 2, '--beta1');
    expectUserError(await cli('train', '--resume', 'm.safetensors', '--eps', '-1'), 2, '--eps');
    expectUserError(await cli('train', '--resume', 'm.safetensors', '--beta2', '-0.5'), 2, '--beta2');
  });

  it('--json keeps stdout to JSON lines; the notices go to stderr', async () => {
    const result = await cli(
      'train',
      '--resume',
      'm.safetensors',
      '--epochs',
      '3',
      '--lr',
      '0.001',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    const records = jsonLines(result.stdout);
    expect(records.at(-1)?.type).toBe('summary');
    expect(notices(result.stderr)).toEqual(['resuming with lr 0.001 (checkpoint: 0.01)']);
  });
});

describe('architecture flags with a checkpoint', () => {
  const same = [
    ['--hidden', '16,16'],
    ['--activation', 'relu'],
    ['--loss', 'ce'],
    ['--out-activation', 'identity'],
    ['--dtype', 'f32'],
  ];
  const other = [
    ['--hidden', '32', '16,16'],
    ['--hidden', 'none', '16,16'],
    ['--activation', 'tanh', 'relu'],
    ['--loss', 'mse', 'ce'],
    ['--out-activation', 'tanh', 'identity'],
    ['--dtype', 'f64', 'f32'],
  ];

  it.each(same)(
    '%s %s repeats the checkpoint’s value: accepted with --resume and --init',
    async (flag, value) => {
      for (const mode of ['--resume', '--init']) {
        const result = await cli('train', mode, 'm.safetensors', '--epochs', '3', flag!, value!, '--quiet');
        expect(result.status, `${mode} ${result.stderr}`).toBe(0);
        if (mode === '--resume') expect(result.stderr).toBe('');
      }
    },
  );

  it.each(other)('%s %s differs: refused, naming both values', async (flag, value, saved) => {
    const result = await cli('train', '--resume', 'm.safetensors', '--epochs', '3', flag!, value!);
    expectUserError(result, 2, `${flag} ${value} differs from m.safetensors's ${saved}`);
    if (flag === '--dtype') return; // --init may change the dtype (below)
    expectUserError(
      await cli('train', '--init', 'm.safetensors', flag!, value!),
      2,
      `${flag} ${value} differs from`,
    );
  });

  it('--init may change the dtype: the weights are converted', async () => {
    const result = await cli(
      'train',
      '--init',
      'm.safetensors',
      '--dtype',
      'f64',
      '--epochs',
      '0',
      '--quiet',
      '--out',
      'f64.safetensors',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(notices(result.stderr)).toContain("starting from m.safetensors's f32 weights converted to f64");
    const [from, to] = await Promise.all([
      readSafetensors(dir.file('m.safetensors')),
      readSafetensors(dir.file('f64.safetensors')),
    ]);
    const weight = 'layers.0.weight';
    expect(to.tensors.get(weight)!.dtype).toBe('F64');
    expect(Array.from(to.tensors.get(weight)!.data)).toEqual(Array.from(from.tensors.get(weight)!.data));
    // And `--dtype f64 --init` of an f64 checkpoint is simply accepted.
    const again = await cli(
      'train',
      '--dtype',
      'f64',
      '--init',
      'f64.safetensors',
      '--epochs',
      '1',
      '--quiet',
    );
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('converted');
  });
});

describe('--epochs at or below the epochs done', () => {
  it.each(['2', '1', '0'])('--epochs %s: a clear note, exit 0, the checkpoint unchanged', async (epochs) => {
    const before = readFileSync(dir.file('m.safetensors'));
    for (const output of [['--quiet'], ['--json']]) {
      const result = await cli(
        'train',
        '--resume',
        'm.safetensors',
        '--epochs',
        epochs,
        ...output,
        '--out',
        'same.safetensors',
      );
      expect(result.status, result.stderr).toBe(0);
      expect(notices(result.stderr)).toEqual(['m.safetensors already has 2 epochs; nothing to train']);
      if (output[0] === '--json')
        expect(jsonLines(result.stdout).map((r) => r.type)).toEqual(['start', 'summary']);
    }
    expect(readFileSync(dir.file('m.safetensors')).equals(before)).toBe(true);
  });
});

describe('changed data or schedule on --resume', () => {
  it.each([
    [['--val-split', '0.2'], 'val-split 0.2 (checkpoint: 0)'],
    [['--samples', '300'], 'samples 300 (checkpoint: 200)'],
    [['--dataset', 'circles'], 'dataset circles (checkpoint: dataset moons)'],
    [['--data', 'nine2.csv'], 'data nine2.csv (checkpoint: dataset moons)'],
    [['--batch-size', '32'], 'batch-size 32 (checkpoint: 64)'],
    [['--seed', '5'], 'seed 5 (checkpoint: 1)'],
    [['--no-shuffle'], 'shuffle false (checkpoint: true)'],
  ])('%j is allowed, with a warning that it is no exact continuation', async (flags, change) => {
    dir.write('nine2.csv', 'x0,x1,label\n0.1,0.2,0\n0.3,0.1,1\n0.5,0.5,1\n');
    const result = await cli('train', '--resume', 'm.safetensors', '--epochs', '3', ...flags, '--quiet');
    expect(result.status, result.stderr).toBe(0);
    expect(notices(result.stderr)).toEqual([
      `resuming with ${change}; not an exact continuation of the saved run`,
    ]);
  });

  it('--workers and --kernels only change float rounding, and say so', async () => {
    const result = await cli(
      'train',
      '--resume',
      'm.safetensors',
      '--epochs',
      '3',
      '--workers',
      '2',
      '--quiet',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(notices(result.stderr)).toEqual([
      'resuming with workers 2 (checkpoint: 1); results may differ in float rounding from an uninterrupted run',
    ]);
  });

  it('the same CSV given again, by another spelling of its path, is no change', async () => {
    expect(
      (
        await cli(
          'train',
          '--data',
          'ten.csv',
          '--hidden',
          '4',
          '--epochs',
          '1',
          '--out',
          'csv.safetensors',
          '--quiet',
        )
      ).status,
    ).toBe(0);
    const result = await cli(
      'train',
      '--resume',
      'csv.safetensors',
      '--data',
      dir.file('ten.csv'),
      '--epochs',
      '2',
      '--quiet',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('--init', () => {
  it('takes the output count from the checkpoint: a 10-class model trains on labels 0..8', async () => {
    expect(
      (
        await cli(
          'train',
          '--data',
          'ten.csv',
          '--hidden',
          '8',
          '--epochs',
          '1',
          '--out',
          'ten.safetensors',
          '--quiet',
        )
      ).status,
    ).toBe(0);
    const result = await cli(
      'train',
      '--init',
      'ten.safetensors',
      '--data',
      'nine.csv',
      '--epochs',
      '1',
      '--quiet',
      '--out',
      'nine.safetensors',
    );
    expect(result.status, result.stderr).toBe(0);
    const file = await readSafetensors(dir.file('nine.safetensors'));
    expect(file.metadata.sizes).toBe('[2,8,10]');
    // A label at or above the checkpoint's outputs is reported at its row.
    dir.write('eleven.csv', 'x0,x1,label\n0.1,0.2,3\n0.3,0.1,10\n');
    expectUserError(
      await cli('train', '--init', 'ten.safetensors', '--data', 'eleven.csv'),
      1,
      'eleven.csv',
      'label "10" is out of range 0..9',
    );
  });

  it('without --data or --dataset trains on the data the checkpoint records, and says so', async () => {
    const result = await cli('train', '--init', 'm.safetensors', '--epochs', '1', '--quiet');
    expect(result.status, result.stderr).toBe(0);
    expect(notices(result.stderr)).toEqual([
      '--init without --data or --dataset: training on the data m.safetensors was trained on (--dataset moons, --samples 200, --seed 1)',
    ]);
    const csv = await cli('train', '--init', 'ten.safetensors', '--epochs', '1', '--quiet');
    expect(csv.status, csv.stderr).toBe(0);
    expect(notices(csv.stderr)[0]).toContain(`(--data ${dir.file('ten.csv')})`);
  });

  it('without --data or --dataset refuses a checkpoint that records no data', async () => {
    const { loadModel } = await import('shardwise');
    await (await loadModel(dir.file('m.safetensors'))).save(dir.file('weights.safetensors'));
    expectUserError(
      await cli('train', '--init', 'weights.safetensors'),
      2,
      '--init weights.safetensors needs --data or --dataset: weights.safetensors holds weights only',
    );
  });
});

describe('the binary says the same', () => {
  it.each([
    ['a notice', ['--resume', 'm.safetensors', '--epochs', '3', '--lr', '1e-8', '--quiet']],
    ['a refusal', ['--resume', 'm.safetensors', '--epochs', '3', '--hidden', '32']],
    ['nothing to train', ['--resume', 'm.safetensors', '--epochs', '2', '--quiet']],
  ])('%s: the same exit code, stdout and stderr as in process', async (_case, args) => {
    const binary = runCli(['train', ...args], { cwd: dir.path });
    expect(binary.stderr).toMatch(/^shardwise: /);
    expect(binary).toEqual(await cli('train', ...args));
  });
});
