// The binding under a real `mpirun` with 1, 2 and 4 ranks (oversubscribed on a 2-core machine):
// in-place allgatherv of uneven blocks on views into a SharedArrayBuffer and WebAssembly
// memories gives every rank the same full array, allreduce sums, broadcast copies the root's
// bytes, bad arguments throw their kind touching nothing, only the thread that called init()
// may call MPI, WebAssembly traps still throw after init, and abort from one rank ends the job.
// One launch per rank count runs every check (rank-checks.mjs), three launches in all; vitest
// itself never runs under mpirun.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findLauncher, runRanks } from './testing/mpirun.js';

const launcher = findLauncher();
if (launcher.skip) console.warn(`MPI binding tests skipped: ${launcher.skip}`);
const suite = launcher.skip ? `MPI collectives (skipped: ${launcher.skip})` : 'MPI collectives';
const SCRIPT = fileURLToPath(new URL('./testing/rank-checks.mjs', import.meta.url));

/** What rank `rank` of `size` must hold after the allgatherv: every block, and its own gap markers. */
function gathered(size: number, rank: number): number[] {
  const out = [-(rank + 1)];
  for (let q = 0; q < size; q++) {
    const count = (q % 3) + q + 1;
    for (let i = 0; i < count; i++) out.push(q * 1000 + i + 0.5);
    out.push(-(rank + 1));
  }
  out.push(-(rank + 1)); // the element after the last gap
  return out;
}

/** rank + k / 4 summed over the ranks. */
function sums(size: number, length: number): number[] {
  return Array.from({ length }, (_, k) => (size * (size - 1)) / 2 + (size * k) / 4);
}

describe.skipIf(Boolean(launcher.skip))(suite, () => {
  const flavour = 'flavour' in launcher ? launcher.flavour : 'openmpi';

  // 1 rank ends with finalize() and exit 0; 2 and 4 ranks end with the last rank's abort(3).
  it.each([
    [1, 'finalize'],
    [2, 'abort'],
    [4, 'abort'],
  ] as const)('runs every collective and check on %i rank(s), then ends with %s', (size, ending) => {
    const reportDir = mkdtempSync(join(tmpdir(), 'shardwise-mpi-test-'));
    try {
      const job = runRanks(flavour, size, SCRIPT, [ending, reportDir], { timeoutMs: 40_000 });
      expect(job.timedOut, `the job did not end: ${job.stderr}`).toBe(false);
      expect(job.status, job.stderr).toBe(ending === 'abort' ? 3 : 0);
      if (ending === 'abort') expect(job.stderr).toMatch(/MPI_ABORT|errorcode 3|exit code 3/i);
      for (let rank = 0; rank < size; rank++) {
        checkReport(
          JSON.parse(readFileSync(join(reportDir, `rank-${rank}.json`), 'utf8')),
          size,
          rank,
          ending,
        );
      }
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  });
});

// biome-ignore lint/suspicious/noExplicitAny: the report is the fixture's JSON
function checkReport(report: any, size: number, rank: number, ending: 'finalize' | 'abort') {
  expect(report.info).toMatchObject({
    rank,
    size,
    threadLevel: expect.stringMatching(/^(funneled|serialized|multiple)$/),
  });
  expect(report.info.library).toMatch(/^(Open MPI v|MPICH Version)/);
  expect(report.sameInfoAgain).toBe(true);
  expect(report.sab).toEqual(gathered(size, rank));
  expect(report.sabSentinels).toEqual([77, 77, 77, 77]);
  expect(report.wasm).toEqual(gathered(size, rank));
  expect(report.plain).toEqual(gathered(size, rank));
  expect(report.sum32).toEqual(sums(size, 2));
  expect(report.sum64).toEqual(sums(size, 5));
  expect(report.bytes).toEqual([200, 201, 202, 203, 204, 205, 206, 207, 208]);
  expect(report.doubles).toEqual([Math.PI, '-0', 1e300]);
  expect(report.untouched).toBe(true);
  for (const [call, error] of Object.entries(report.errors as Record<string, string>)) {
    expect(error, call).toMatch(/^(TypeError|RangeError): (allgatherv|allreduceSum|broadcast|abort)\b/);
  }
  expect(report.errors['allgatherv with a block past the end']).toMatch(
    /^RangeError: .*ends past the data's length/,
  );
  if (size > 1) expect(report.errors['allgatherv with overlapping blocks']).toMatch(/^RangeError: .*overlap/);
  expect(report.fromWorker).toEqual([
    expect.stringMatching(/^barrier: called from another thread .*MPI_THREAD_FUNNELED/),
    expect.stringMatching(/^init: MPI was initialised by another thread/),
    expect.stringMatching(/^finalize: called from another thread/),
  ]);
  expect(report.wasmTrap).toBe('RuntimeError');
  if (ending === 'finalize') {
    expect(report.afterFinalize).toEqual([
      'barrier: MPI has been finalized',
      'init: MPI has been finalized and cannot start again in this process',
    ]);
  }
}
