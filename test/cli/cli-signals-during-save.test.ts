// Ctrl-C again while the checkpoint is being written: one line, then exit once the checkpoint
// is whole; a third Ctrl-C abandons the write. Either way no temporary file is left behind.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from 'shardwise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, lines, requireBuiltBinary, runCli, SMALL_RUN, tempDir } from './cli-harness.js';

const dir = tempDir('signals-during-save');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** A model whose checkpoint (about 100 MB with Adam's state) takes long enough to write to signal mid-save. */
const BIG_SAVE = [
  '--dataset',
  'moons',
  '--samples',
  '200',
  '--hidden',
  '2000,2000',
  '--dtype',
  'f64',
  '--workers',
  '1',
];

/**
 * Runs `train … --epochs 0 --out <where>/m.safetensors` (it saves at once) and sends `count`
 * SIGINTs, 20 ms apart, as soon as the checkpoint's temporary file appears.
 */
function signalDuringSave(where: string, count: number) {
  const child = spawn(
    process.execPath,
    [BIN, 'train', ...BIG_SAVE, '--epochs', '0', '--out', 'm.safetensors'],
    {
      cwd: where,
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.resume();
  let sent = false;
  const watcher = watch(where, (_event, name) => {
    if (sent || !name?.endsWith('.tmp')) return;
    sent = true;
    for (let i = 0; i < count; i++) setTimeout(() => child.kill('SIGINT'), 20 * i);
  });
  return new Promise<{ status: number | null; stderr: string; signalled: boolean }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      watcher.close();
      resolve({ status, stderr, signalled: sent });
    });
  });
}

describe('a second Ctrl-C during a save', () => {
  it('prints one line, finishes the checkpoint, exits 130 and leaves no temporary file', async () => {
    const where = dir.file('finish');
    mkdirSync(where);
    const result = await signalDuringSave(where, 2);
    expect(result.signalled).toBe(true);
    expect(result.status, result.stderr).toBe(130);
    const said = lines(result.stderr);
    expect(said[0]).toBe(
      'shardwise: SIGINT again while saving m.safetensors: exiting as soon as it is written (once more to abandon it)',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(where)).toEqual(['m.safetensors']);
    await expect(loadModel(join(where, 'm.safetensors'))).resolves.toBeDefined();
  }, 120_000);

  it('a third abandons the save: one more line, the previous checkpoint unchanged, no temporary file', async () => {
    const where = dir.file('abandon');
    mkdirSync(where);
    const first = runCli(['train', ...SMALL_RUN, '--epochs', '1', '--out', 'm.safetensors'], { cwd: where });
    expect(first.status, first.stderr).toBe(0);
    const previous = readFileSync(join(where, 'm.safetensors'));

    const result = await signalDuringSave(where, 3);
    expect(result.signalled).toBe(true);
    expect(result.status, result.stderr).toBe(130);
    expect(lines(result.stderr)).toEqual([
      'shardwise: SIGINT again while saving m.safetensors: exiting as soon as it is written (once more to abandon it)',
      'shardwise: save to m.safetensors abandoned; the file keeps its previous content',
    ]);
    expect(readdirSync(where)).toEqual(['m.safetensors']);
    expect(readFileSync(join(where, 'm.safetensors')).equals(previous)).toBe(true);
  }, 120_000);
});
