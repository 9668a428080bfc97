// A checkpoint is untrusted input: every saved setting and counter is checked as a typed flag
// would be, with errors naming the checkpoint; a saved data path resolves from wherever the user
// stands, never leads to reading a device, and never makes shardwise print another file's text.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from '../../packages/cli/src/io/safetensors.js';
import { expectUserError, lines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';
import { runInProcess } from './cli-in-process.js';

const dir = tempDir('untrusted');
afterAll(() => dir.remove());

const RUN = ['--hidden', '4', '--workers', '1', '--batch-size', '16', '--quiet'];
const CSV = `x0,x1,label\n${Array.from({ length: 40 }, (_, i) => `${Math.sin(i)},${Math.cos(i)},${i % 2}`).join('\n')}\n`;

/** The training JSON of a checkpoint, edited as raw JSON. */
type SavedTraining = Record<string, unknown> & { options: Record<string, unknown> };

/** Copies checkpoint `from` to `to` with `edit` applied to its training JSON. */
async function tamper(from: string, to: string, edit: (training: SavedTraining) => void) {
  const file = await readSafetensors(from);
  const training = JSON.parse(file.metadata.training!);
  edit(training);
  await writeSafetensors(to, Object.fromEntries(file.tensors), {
    ...file.metadata,
    training: JSON.stringify(training),
  });
}

async function savedOptions(path: string): Promise<Record<string, unknown>> {
  return JSON.parse((await readSafetensors(path)).metadata.training!).options;
}

const synthetic = dir.file('synthetic.safetensors');
const midEpoch = dir.file('mid.safetensors');
beforeAll(async () => {
  requireBuiltBinary();
  const result = runCli([
    'train',
    '--dataset',
    'moons',
    '--samples',
    '64',
    ...RUN,
    '--epochs',
    '1',
    '--out',
    synthetic,
  ]);
  expect(result.status, result.stderr).toBe(0);
  // A mid-epoch checkpoint, as a Trainer saves it (4 steps of 16 per epoch; stopped after 2).
  await tamper(synthetic, midEpoch, (t) => {
    t.options.position = { step: 2, lossSum: 1.2, correct: 20, rows: 32 };
  });
  const resumed = runCli(['train', '--resume', midEpoch, '--epochs', '2']);
  expect(resumed.status, resumed.stderr).toBe(0);
});

describe('every saved setting and counter is validated, and errors name the checkpoint', () => {
  const invalid: Record<string, unknown[]> = {
    dataset: ['mnist', 5, null],
    samples: [0, -3, 2.5, '64', null],
    features: [0, 1.5, 'x'],
    classes: [1, -2, 2.5],
    noise: [-0.5, '0.1'],
    data: [5, '', 'x'.repeat(5000), 'a\nb', 'a\u001b[2Jb'],
    batchSize: [0, -16, 1.5, '16', null],
    seed: [1.5, 'x', 2 ** 60],
    shuffle: ['yes', 1],
    valSplit: [1, -0.1, 'x'],
    workers: [0, -3, 1.5, 'all'],
    kernels: ['gpu', 3],
  };
  for (const [key, values] of Object.entries(invalid)) {
    it.each(values.map((value) => [value]))(`options.${key} = %j`, async (value) => {
      const path = dir.file(`bad-${key}.safetensors`);
      await tamper(synthetic, path, (t) => {
        t.options[key] = value;
      });
      const result = await runInProcess(['train', '--resume', path, '--epochs', '2']);
      expectUserError(result, 1, path, key);
      expect(result.stderr).not.toContain('\u001b');
      expect(result.stderr.length).toBeLessThan(1000);
    });
  }

  const position = { step: 2, lossSum: 1.2, correct: 20, rows: 32 };
  it.each([
    ['step', -1],
    ['step', 1.5],
    ['step', '2'],
    ['step', 4], // past the end of the 4-step epoch
    ['step', 1e9],
    ['lossSum', -1],
    ['lossSum', null],
    ['correct', -1],
    ['correct', 33], // more than the rows seen
    ['rows', -32],
    ['rows', 48], // not 2 full batches of 16
  ])('options.position.%s = %j', async (field, value) => {
    const path = dir.file(`bad-position-${field}.safetensors`);
    await tamper(synthetic, path, (t) => {
      t.options.position = { ...position, [field]: value };
    });
    expectUserError(await runInProcess(['train', '--resume', path, '--epochs', '2']), 1, path, 'position');
  });

  it.each([
    ['epoch', -1],
    ['epoch', 1.5],
    ['globalStep', -1],
    ['globalStep', 2 ** 31],
  ])('training.%s = %j', async (field, value) => {
    const path = dir.file(`bad-${field}.safetensors`);
    await tamper(synthetic, path, (t) => {
      t[field] = value;
    });
    expectUserError(await runInProcess(['train', '--resume', path, '--epochs', '2']), 1, path, field);
  });

  // The cases above run in this process (cli-in-process.ts); the binary says the same.
  const edits: [string, (t: SavedTraining) => void][] = [
    [
      'options.samples = 2.5',
      (t) => {
        t.options.samples = 2.5;
      },
    ],
    [
      'options.position.step = 4',
      (t) => {
        t.options.position = { ...position, step: 4 };
      },
    ],
    [
      'training.globalStep = -1',
      (t) => {
        t.globalStep = -1;
      },
    ],
  ];
  it.each(edits)('the binary reports %s exactly as the in-process run does', async (_case, edit) => {
    const path = dir.file('bad-binary.safetensors');
    await tamper(synthetic, path, edit);
    const args = ['--resume', path, '--epochs', '2'];
    const binary = runCli(['train', ...args]);
    expectUserError(binary, 1, path);
    expect(binary).toEqual(await runInProcess(['train', ...args]));
  });
});

describe('a saved data path', () => {
  it('resumes from another directory, and after the project moved with its data', async () => {
    const project = join(dir.path, 'project');
    mkdirSync(join(project, 'data'), { recursive: true });
    mkdirSync(join(project, 'runs'));
    dir.write('project/data/rows.csv', CSV);
    const trained = await runInProcess(
      ['train', '--data', 'data/rows.csv', ...RUN, '--epochs', '1', '--out', 'runs/m.safetensors'],
      {
        cwd: project,
      },
    );
    expect(trained.status, trained.stderr).toBe(0);
    expect(await savedOptions(join(project, 'runs/m.safetensors'))).toMatchObject({
      data: join(project, 'data/rows.csv'),
      dataRelativeToCheckpoint: join('..', 'data', 'rows.csv'),
    });

    const elsewhere = await runInProcess(
      ['train', '--resume', 'project/runs/m.safetensors', '--epochs', '2', '--quiet'],
      {
        cwd: dir.path,
      },
    );
    expect(elsewhere.status, elsewhere.stderr).toBe(0);
    expect(elsewhere.stderr).toBe('');

    const moved = join(dir.path, 'moved');
    renameSync(project, moved);
    const after = await runInProcess(
      ['train', '--resume', 'runs/m.safetensors', '--epochs', '2', '--quiet', '--out', 'runs/n.safetensors'],
      {
        cwd: moved,
      },
    );
    expect(after.status, after.stderr).toBe(0);
    expect((await savedOptions(join(moved, 'runs/n.safetensors'))).data).toBe(join(moved, 'data/rows.csv'));
    renameSync(moved, project);
  });

  it('prefers the copy next to the checkpoint when both it and the absolute path exist', async () => {
    const project = join(dir.path, 'project');
    const copy = join(dir.path, 'copy');
    mkdirSync(join(copy, 'data'), { recursive: true });
    mkdirSync(join(copy, 'runs'));
    dir.write('copy/data/rows.csv', CSV);
    await tamper(join(project, 'runs/m.safetensors'), join(copy, 'runs/m.safetensors'), () => {});
    const result = await runInProcess(
      ['train', '--resume', 'runs/m.safetensors', '--epochs', '2', '--out', 'runs/n.safetensors'],
      {
        cwd: copy,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    expect((await savedOptions(join(copy, 'runs/n.safetensors'))).data).toBe(join(copy, 'data/rows.csv'));
  });

  it('of an older checkpoint (the path as typed) is found from its directory or from the checkpoint', async () => {
    const project = join(dir.path, 'project');
    const old = join(project, 'runs/old.safetensors');
    await tamper(join(project, 'runs/m.safetensors'), old, (t) => {
      t.options.data = 'data/rows.csv';
      delete t.options.dataRelativeToCheckpoint;
    });
    const fromProject = await runInProcess(
      ['train', '--resume', 'runs/old.safetensors', '--epochs', '2', '--quiet'],
      {
        cwd: project,
      },
    );
    expect(fromProject.status, fromProject.stderr).toBe(0);
    await tamper(old, join(project, 'old-next-to-data.safetensors'), () => {});
    const fromElsewhere = await runInProcess([
      'train',
      '--resume',
      join(project, 'old-next-to-data.safetensors'),
      '--epochs',
      '2',
      '--quiet',
    ]);
    expect(fromElsewhere.status, fromElsewhere.stderr).toBe(0);
  });

  it('that is gone: one error naming the checkpoint and where it looked, with a hint', async () => {
    const path = dir.file('gone.safetensors');
    await tamper(join(dir.path, 'project/runs/m.safetensors'), path, (t) => {
      t.options.data = join(dir.path, 'nowhere/rows.csv');
      t.options.dataRelativeToCheckpoint = 'nowhere-else/rows.csv';
    });
    const result = await runInProcess(['train', '--resume', path, '--epochs', '2']);
    expectUserError(
      result,
      1,
      path,
      join(dir.path, 'nowhere/rows.csv'),
      join(dir.path, 'nowhere-else/rows.csv'),
    );
    expect(lines(result.stderr)[1]).toContain('--data');
  });

  it.each([
    ['a directory', () => dir.path],
    ['a character device', () => '/dev/zero'],
  ])('naming %s is refused before anything is read', async (_what, target) => {
    if (!existsSync(target())) return;
    const path = dir.file('device.safetensors');
    await tamper(synthetic, path, (t) => {
      delete t.options.dataset;
      t.options.data = target();
      delete t.options.dataRelativeToCheckpoint;
    });
    for (const mode of ['--resume', '--init']) {
      expectUserError(
        runCli(['train', mode, path, '--epochs', '2'], { timeoutMs: 20_000 }),
        1,
        path,
        'not a regular file',
      );
    }
  });

  it("naming a file that is not a shardwise CSV never prints that file's text", async () => {
    const secrets = [
      dir.write('secret.txt', 'SECRET-ONE:x:0:0:token\nSECRET-TWO,more\n'),
      dir.write('secret.csv', 'SECRET-ONE,SECRET-TWO\n1,2\n'),
      ...(existsSync('/etc/passwd') ? ['/etc/passwd'] : []),
    ];
    for (const secret of secrets) {
      const path = dir.file('points-at-secret.safetensors');
      await tamper(synthetic, path, (t) => {
        delete t.options.dataset;
        t.options.data = secret;
        delete t.options.dataRelativeToCheckpoint;
      });
      for (const mode of ['--resume', '--init']) {
        const run = await runInProcess(['train', mode, path, '--epochs', '2']);
        // --init first says which data it trains on (the checkpoint's), then fails on it.
        const stderr = lines(run.stderr)
          .filter((line) => !line.startsWith('shardwise: --init without --data'))
          .join('\n');
        const result = { ...run, stderr };
        expectUserError(result, 1, secret, 'does not look like a shardwise CSV');
        expect(result.stderr).not.toMatch(/SECRET|root:/);
        expect(lines(result.stderr)[1]).toContain(`${path} named this file as its data`);
      }
      // Given directly, the file's text is not repeated either.
      const direct = runCli(['train', '--data', secret, '--epochs', '1']);
      expectUserError(direct, 1, secret);
      expect(direct.stderr).not.toMatch(/SECRET|root:/);
    }
  });
});
