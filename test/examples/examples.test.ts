// Every program in examples/ runs to completion and prints what it promises.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

function runExample(name: string) {
  const path = fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
  return spawnSync(process.execPath, [path], { encoding: 'utf8', timeout: 120_000 });
}

describe('examples', () => {
  it('concurrent-batch-job trains three configurations and names the best', () => {
    const result = runExample('concurrent-batch-job.mjs');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.match(/val loss/g)).toHaveLength(3);
    expect(result.stdout).toMatch(/best: (narrow tanh|wide relu|deep relu)/);
  });

  it('service-with-spawn-trainer keeps its timer ticking while it trains', () => {
    const result = runExample('service-with-spawn-trainer.mjs');
    expect(result.status, result.stderr).toBe(0);
    const [, elapsed, ticks, gap] = /in (\d+) ms; the timer ticked (\d+) times, longest gap ([\d.]+) ms/
      .exec(result.stdout)!
      .map(Number);
    // Not a speed check (load stretches every gap): training on this thread would block its event
    // loop for the whole run, leaving one gap as long as the training and at most a tick or two.
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(gap).toBeLessThan(elapsed! / 2);
  });

  it('own-typed-arrays learns the regression', () => {
    const result = runExample('own-typed-arrays.mjs');
    expect(result.status, result.stderr).toBe(0);
    expect(Number(/final training loss ([\d.]+)/.exec(result.stdout)?.[1])).toBeLessThan(0.02);
  });
});
