// `shardwise bench` as a user runs it: the built binary, JSON lines on stdout, usage errors on stderr.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectUserError, jsonLines, requireBuiltBinary, runCli } from './cli-harness.js';

beforeAll(() => requireBuiltBinary());

describe('shardwise bench', () => {
  it('measures tiny on 1 and 2 workers and prints the machine, then one JSON object per point', () => {
    const result = runCli(
      ['bench', '--workload', 'tiny', '--workers', '1,2', '--seconds', '0.2', '--repetitions', '5', '--json'],
      { timeoutMs: 60_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const [machine, ...results] = jsonLines(result.stdout);
    expect(machine).toMatchObject({ type: 'machine', dtype: 'f32', node: process.version });
    expect(machine!.cores).toBeGreaterThan(0);
    expect(typeof machine!.cpu).toBe('string');
    expect(results.map((r) => [r.type, r.workload, r.mode, r.workers])).toEqual([
      ['result', 'tiny', 'strong', 1],
      ['result', 'tiny', 'strong', 2],
    ]);
    for (const r of results) {
      for (const key of ['samplesPerSecond', 'speedup', 'efficiency', 'min', 'max']) {
        expect(typeof r[key], key).toBe('number');
      }
      expect(r.samplesPerSecond as number).toBeGreaterThan(0);
      expect(Object.keys(r.breakdown as object).sort()).toEqual(['computeMs', 'reduceUpdateMs', 'syncMs']);
    }
    expect(results[0]!.speedup).toBe(1);
  });

  it('names the flag of a bad value and exits 2 without measuring', () => {
    for (const [args, flag] of [
      [['--mode', 'sideways'], '--mode'],
      [['--repetitions', '2'], '--repetitions'],
      [['--workload', 'mnist', '--hidden', '64'], '--hidden'],
    ] as const) {
      const result = runCli(['bench', ...args]);
      expectUserError(result, 2, flag);
      expect(result.stderr).not.toContain('unknown'); // the command's own message, not yargs'
    }
  });
});
