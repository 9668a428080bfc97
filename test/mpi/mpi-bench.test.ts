// `shardwise bench` under a real mpirun: 2 ranks measure together and rank 0 alone reports the
// layout (2 × 1) and the exchange per step. Skipped, with the reason printed, where mpirun or the
// addon is missing.
import { describe, expect, it } from 'vitest';
import { findLauncher, runRanks } from '../../packages/mpi/src/testing/mpirun.js';
import { BIN, lines } from '../cli/cli-harness.js';

const launcher = findLauncher();
if (launcher.skip) console.warn(`skipping the MPI bench test: ${launcher.skip}`);

describe.skipIf(launcher.skip !== undefined)('shardwise bench under mpirun', () => {
  it('2 ranks: rank 0 alone prints the 2 × 1 layout and the exchange per step', { timeout: 60_000 }, () => {
    if (launcher.skip !== undefined) return;
    const job = runRanks(
      launcher.flavour,
      2,
      BIN,
      ['bench', '--workload', 'tiny', '--workers', '1', '--seconds', '0.1', '--kernels', 'ts'],
      { timeoutMs: 50_000 },
    );
    expect(job.timedOut).toBe(false);
    expect(job.status, job.stderr).toBe(0);
    const out = lines(job.stdout);
    // One report: a rank other than 0 would print a second header and row.
    expect(out.filter((line) => line.startsWith('machine '))).toHaveLength(1);
    expect(out.filter((line) => line.startsWith('mpi '))).toEqual([
      expect.stringMatching(/^mpi +2 ranks \(.+\); speedup over 2 × 1;/),
    ]);
    const rows = out.filter((line) => line.startsWith('tiny '));
    expect(rows).toHaveLength(1);
    // workload, kernels, layout (3 cells), batch, samples/s, min–max, speedup, effic., compute,
    // sync, reduce+upd, exchange, alone.
    const cells = rows[0]!.trim().split(/ +/);
    expect(cells.slice(0, 6)).toEqual(['tiny', 'ts', '2', '×', '1', '64']);
    const [exchange, alone] = cells.slice(-2).map(Number);
    expect(exchange).toBeGreaterThan(0);
    expect(Number.isFinite(alone)).toBe(true);
  });
});
