// Worker threads started ahead of the engine (so that their start-up overlaps loading the data):
// the engine takes them over with bit-identical results, and whether taken, unused or left by a
// run that failed while loading its data, they end, and the process exits by itself.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/threads-ahead.mjs', import.meta.url));

function runScript(mode: string) {
  return spawnSync(process.execPath, [script, mode], {
    encoding: 'utf8',
    timeout: 30_000,
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
}

describe('worker threads started ahead', () => {
  it('are taken over once by the engine, which trains exactly as on threads of its own', () => {
    const result = runScript('engine');
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('taken again: null\nidentical: true\n');
  });

  it('refuse an engine of another size, and end when closed unused', () => {
    const result = runScript('unused');
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      "RangeError: threads started ahead as [3,null] do not match the engine's [2,null]\nclosed\n",
    );
  });

  it.skipIf(process.platform !== 'linux')('end when the run fails while loading its data', () => {
    const result = runScript('failed-run');
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^DataError: .*no-such-file\.csv.*\nthreads left: 0\n$/);
  });
});
