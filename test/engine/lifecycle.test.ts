// The pool starts once per engine and is reused across runs and epochs; close() — or a worker's
// failure — ends every thread, and the process exits by itself.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/train-then-close.mjs', import.meta.url));

function runScript(mode: string) {
  return spawnSync(process.execPath, [script, mode], { encoding: 'utf8', timeout: 20_000 });
}

describe('engine lifecycle', () => {
  it('exits by itself after close()', () => {
    const result = runScript('close');
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('steps 12');
  });

  it('exits by itself after a worker failure, with the worker’s message', () => {
    const result = runScript('fail');
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('failed: worker 0 failed: injected fault in worker 0');
    expect(result.stdout).toContain('steps 12');
  });
});
