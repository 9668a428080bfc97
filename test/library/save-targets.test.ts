// Model.save, Trainer.save and train({ out }) obey the output rule: they replace a shardwise
// checkpoint (or an empty file), refuse a foreign file unless { force: true }, refuse devices,
// FIFOs, directories and the run's own inputs always, and write through symbolic links.
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointError, loadModel, Model, Trainer, train } from 'shardwise';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'shardwise-save-targets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function freshDir(): string {
  const dir = join(root, `case-${counter++}`);
  mkdirSync(dir);
  return dir;
}

const model = () =>
  new Model(
    { sizes: [2, 3], activation: 'relu', loss: 'ce', outActivation: 'identity', dtype: 'f32' },
    new Float32Array(9).fill(0.5),
  );
const SMALL = { dataset: 'xor', samples: 64, hidden: [4], epochs: 1, workers: 1 } as const;

/** The savers under test, each as "save to path with these options". */
const SAVERS: Record<string, (path: string, force?: boolean) => Promise<void>> = {
  'Model.save': (path, force) => model().save(path, force === undefined ? {} : { force }),
  'Trainer.save': async (path, force) => {
    const trainer = await Trainer.create(SMALL);
    try {
      await trainer.save(path, force === undefined ? {} : { force });
    } finally {
      await trainer.close();
    }
  },
  'train({ out })': async (path, force) => {
    await train({ ...SMALL, out: path, ...(force !== undefined && { force }) });
  },
};

describe.each(Object.entries(SAVERS))('%s', (_name, save) => {
  it('replaces its own earlier checkpoint and an empty file without force', async () => {
    const dir = freshDir();
    const path = join(dir, 'm.safetensors');
    await save(path);
    await save(path);
    writeFileSync(join(dir, 'empty'), '');
    await save(join(dir, 'empty'));
    await expect(loadModel(join(dir, 'empty'))).resolves.toBeInstanceOf(Model);
    expect(readdirSync(dir).sort()).toEqual(['empty', 'm.safetensors']);
  });

  it('refuses a file that is not a checkpoint unless forced', async () => {
    const dir = freshDir();
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'precious notes');
    const refused = save(path);
    await expect(refused).rejects.toBeInstanceOf(CheckpointError);
    await expect(save(path)).rejects.toThrow(
      `cannot save to ${path}: the file exists and is not a shardwise checkpoint`,
    );
    expect(readFileSync(path, 'utf8')).toBe('precious notes');
    await save(path, true);
    await expect(loadModel(path)).resolves.toBeInstanceOf(Model);
  });

  it('refuses devices, FIFOs and directories even when forced', async () => {
    const dir = freshDir();
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    mkdirSync(join(dir, 'sub'));
    // The FIFO and the directory first: if the rule regressed, the test fails on them and never
    // reaches the real devices (which a broken writer would replace with a file).
    for (const path of [join(dir, 'fifo'), join(dir, 'sub'), '/dev/null', '/dev/full']) {
      await expect(save(path, true)).rejects.toThrow('not a regular file');
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['fifo', 'sub']);
  });

  it('writes through a symbolic link: the file it names changes, the link stays', async () => {
    const dir = freshDir();
    await save(join(dir, 'real.safetensors'));
    symlinkSync('real.safetensors', join(dir, 'latest'));
    await save(join(dir, 'latest'));
    expect(lstatSync(join(dir, 'latest')).isSymbolicLink()).toBe(true);
    await expect(loadModel(join(dir, 'real.safetensors'))).resolves.toBeInstanceOf(Model);
    expect(readdirSync(dir).sort()).toEqual(['latest', 'real.safetensors']);
  });
});

describe("a run's checkpoint never replaces one of its inputs", () => {
  const CSV = 'x0,x1,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';

  it('train({ data, out }) with out = data fails before training, even with force', async () => {
    const dir = freshDir();
    const data = join(dir, 'good.csv');
    writeFileSync(data, CSV);
    let epochs = 0;
    const run = train({ data, out: `${dir}/./good.csv`, force: true, epochs: 1, onEpoch: () => epochs++ });
    await expect(run).rejects.toThrow('it is the training data of this run');
    expect(epochs).toBe(0);
    expect(readFileSync(data, 'utf8')).toBe(CSV);
  });

  it("Trainer.save to the run's data file is refused even when forced", async () => {
    const dir = freshDir();
    const data = join(dir, 'good.csv');
    writeFileSync(data, CSV);
    const trainer = await Trainer.create({ data, epochs: 1, workers: 1, hidden: [2] });
    try {
      await expect(trainer.save(data, { force: true })).rejects.toThrow('it is the training data');
    } finally {
      await trainer.close();
    }
    expect(readFileSync(data, 'utf8')).toBe(CSV);
  });

  it("init's checkpoint is an input; resume's checkpoint may be saved over, its data may not", async () => {
    const dir = freshDir();
    const data = join(dir, 'good.csv');
    writeFileSync(data, CSV);
    const first = join(dir, 'first.safetensors');
    await train({ data, epochs: 1, workers: 1, hidden: [2], out: first });
    await expect(train({ data, init: first, out: first, epochs: 1 })).rejects.toThrow(
      'it is the checkpoint given to init',
    );
    await expect(train({ resume: first, out: data, epochs: 2, force: true })).rejects.toThrow(
      'it is the training data',
    );
    expect(readFileSync(data, 'utf8')).toBe(CSV);
    await train({ resume: first, out: first, epochs: 2 });
    expect((await loadModel(first)).parameters.length).toBeGreaterThan(0);
  });

  it('force must be a boolean', async () => {
    await expect(train({ ...SMALL, force: 'yes' as unknown as boolean })).rejects.toThrow(
      'force must be true or false',
    );
  });
});
