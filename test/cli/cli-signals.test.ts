// Ctrl-C / SIGTERM during training: the step finishes, --out is saved, exit 130 / 143.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, requireBuiltBinary, runCli, startCli, tempDir } from './cli-harness.js';

const dir = tempDir('signals');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** A run far too long to finish: it only ends when signalled. */
const LONG_RUN = [
  'train',
  '--dataset',
  'moons',
  '--samples',
  '2000',
  '--hidden',
  '16',
  '--epochs',
  '100000',
  '--json',
];

/** Starts a long run and sends `signal` once the second epoch has been reported. */
function interruptAfterTwoEpochs(extra: string[], signal: NodeJS.Signals) {
  let sent = false;
  return startCli([...LONG_RUN, ...extra], (line, child) => {
    const record = JSON.parse(line) as { type: string; epoch?: number };
    if (!sent && record.type === 'epoch' && record.epoch === 2) {
      sent = true;
      child.kill(signal);
    }
  });
}

describe('stopping a run with a signal', () => {
  it('SIGINT saves --out and exits 130; the checkpoint loads', async () => {
    const out = dir.file('interrupted.safetensors');
    const result = await interruptAfterTwoEpochs(['--out', out], 'SIGINT');
    expect(result.status, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/^shardwise: stopped by SIGINT .*interrupted\.safetensors\n$/);
    expect(existsSync(out)).toBe(true);
    const summary = jsonLines(result.stdout).at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', out });
    expect(summary.epochs as number).toBeGreaterThanOrEqual(2);

    const evaluated = runCli(['eval', '--model', out, '--dataset', 'moons', '--samples', '200']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
  });

  it('SIGTERM exits 143', async () => {
    const result = await interruptAfterTwoEpochs([], 'SIGTERM');
    expect(result.status, result.stderr).toBe(143);
    expect(result.stderr).toContain('SIGTERM');
  });
});
