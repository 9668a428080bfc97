// Signals and kills on the built binary: SIGTERM saves and exits 143 like Ctrl-C; a second signal
// exits at once and leaves the previous checkpoint intact; SIGKILL at random moments while saving
// every epoch never leaves an unloadable checkpoint, and killed writers' temporaries do not pile up.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../packages/cli/src/checkpoint/checkpoint.js';
import { BIN, jsonLines, requireBuiltBinary, runCli, startCli, tempDir } from '../cli/cli-harness.js';

const dir = tempDir('reliability-signals');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** The atomic writer's temporaries for `name` (`.<name>.<pid>.<nonce>.tmp`) in the temp dir. */
function temporariesOf(name: string): string[] {
  return readdirSync(dir.path).filter((entry) => entry.startsWith(`.${name}.`) && entry.endsWith('.tmp'));
}

function expectEvaluates(model: string, data = ['--dataset', 'moons']): void {
  const result = runCli(['eval', '--model', model, ...data, '--samples', '50', '--json']);
  expect(result.status, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toHaveProperty('loss');
}

/** Starts `shardwise train ...args --json`; `onEpoch` sees each epoch record as it arrives. */
function trainUntilSignalled(
  args: string[],
  onEpoch: (epoch: number, child: ReturnType<typeof spawn>) => void,
): ReturnType<typeof startCli> {
  return startCli(['train', ...args, '--json'], (line, child) => {
    const record = JSON.parse(line) as { type: string; epoch?: number };
    if (record.type === 'epoch') onEpoch(record.epoch!, child);
  });
}

describe('stopping with signals', () => {
  it('SIGTERM finishes the step, saves --out and exits 143; the checkpoint evaluates and resumes', async () => {
    const out = dir.file('term.safetensors');
    let sent = false;
    const run = ['--dataset', 'moons', '--samples', '2000', '--hidden', '16', '--workers', '1'];
    const result = await trainUntilSignalled([...run, '--epochs', '100000', '--out', out], (epoch, child) => {
      if (!sent && epoch === 2) {
        sent = true;
        child.kill('SIGTERM');
      }
    });
    expect(result.status, result.stderr).toBe(143);
    expect(result.stderr).toMatch(
      /^shardwise: stopped by SIGTERM after \d+ of 100000 epochs; checkpoint saved to /,
    );
    const summary = jsonLines(result.stdout).at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', out });
    const saved = await loadCheckpoint(out);
    expect(saved.training!.epoch).toBe(summary.epochs);
    expect(temporariesOf('term.safetensors')).toEqual([]);
    expectEvaluates(out);

    const resumed = runCli([
      'train',
      '--resume',
      out,
      '--epochs',
      String(saved.training!.epoch + 1),
      '--quiet',
    ]);
    expect(resumed.status, resumed.stderr).toBe(0);
  });

  it('a second signal exits at once, leaving the previous checkpoint loadable', async () => {
    const out = dir.file('twice.safetensors');
    // Two steps of ~1 s per epoch, saved after every epoch: the signals land inside a long step.
    const heavy = ['--dataset', 'blobs', '--features', '256', '--classes', '3', '--samples', '4096'];
    const run = [...heavy, '--hidden', '1024,1024', '--batch-size', '2048', '--workers', '1'];
    let signalledAt = 0;
    const result = await trainUntilSignalled(
      [...run, '--epochs', '1000', '--out', out, '--save-every', '1'],
      (epoch, child) => {
        if (epoch !== 1) return;
        child.kill('SIGTERM');
        setTimeout(() => {
          signalledAt = performance.now();
          child.kill('SIGTERM');
        }, 50);
      },
    );
    const exitSeconds = (performance.now() - signalledAt) / 1000;
    expect(result.status, result.stderr).toBe(143);
    // No summary and no "stopped by" notice: the run did not finish its step or save again.
    expect(jsonLines(result.stdout).map((record) => record.type)).not.toContain('summary');
    expect(result.stderr).not.toContain('stopped by');
    expect(exitSeconds).toBeLessThan(5);
    const saved = await loadCheckpoint(out);
    expect(saved.training!.epoch).toBe(1);
    expectEvaluates(out, ['--dataset', 'blobs', '--features', '256', '--classes', '3']);
  });

  it('SIGKILL at random moments while saving every epoch never leaves an unloadable checkpoint', async () => {
    const name = 'killed.safetensors';
    const out = dir.file(name);
    // ~1 MB checkpoints (adam) after every 7-step epoch: the process spends much of its time saving.
    const run = ['--dataset', 'moons', '--samples', '200', '--hidden', '128,128', '--batch-size', '32'];
    const args = [
      BIN,
      'train',
      ...run,
      '--workers',
      '1',
      '--epochs',
      '100000',
      '--out',
      out,
      '--save-every',
      '1',
    ];
    let kills = 0;
    let savedBeforeKill = 0;
    let interruptedSaves = 0;
    for (let iteration = 0; iteration < 10; iteration++) {
      const child = spawn(process.execPath, [...args, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      if (iteration % 2 === 0) {
        // Anywhere from start-up (node, data, worker threads) to the first epochs.
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 900));
      } else {
        // Once training runs (the first epoch reported, so saves are under way; the start record
        // comes before it), a little later.
        await new Promise<void>((resolve) => {
          let seen = '';
          const onData = (chunk: Buffer) => {
            seen += chunk.toString();
            if (!seen.includes('"type":"epoch"')) return;
            child.stdout!.off('data', onData);
            resolve();
          };
          child.stdout!.on('data', onData);
          child.on('exit', () => resolve());
        });
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
      }
      child.kill('SIGKILL');
      if ((await exited) === 'SIGKILL') kills++;

      if (existsSync(out)) {
        savedBeforeKill++;
        const checkpoint = await loadCheckpoint(out);
        expect(checkpoint.training!.epoch).toBeGreaterThanOrEqual(1);
      }
      // At most the temporary of the save the kill interrupted; earlier runs' ones were cleaned up
      // by this run's first successful save.
      const left = temporariesOf(name);
      expect(left.length, left.join(', ')).toBeLessThanOrEqual(1);
      if (left.length > 0) interruptedSaves++;
    }
    console.log(`SIGKILL x10: ${savedBeforeKill} with a checkpoint, ${interruptedSaves} killed mid-save`);
    expect(kills).toBe(10);
    expect(savedBeforeKill).toBeGreaterThan(0);
    expectEvaluates(out);
    // A resumed run continues from the survivor; its saves remove whatever a kill left behind.
    const epochs = (await loadCheckpoint(out)).training!.epoch;
    const resumed = runCli([
      'train',
      '--resume',
      out,
      '--epochs',
      String(epochs + 2),
      '--out',
      out,
      '--quiet',
    ]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect((await loadCheckpoint(out)).training!.epoch).toBe(epochs + 2);
    expect(temporariesOf(name)).toEqual([]);
  });
});
