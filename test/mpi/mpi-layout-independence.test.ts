// Under a real mpirun: 2 ranks × 2 workers and 4 ranks × 1 worker over 4 shards give parameters
// and losses bit-identical to each other, to every rank of the job, and to one process with 4
// workers, for every optimizer × every kernel backend that runs here (ts, wasm, native) × f32 and
// f64; in f64 they equal one full-batch step per batch (1 worker, 1 shard) to 1e-12. Each mpirun
// launch trains every configuration (one process per rank, launch cost paid once per layout), and
// both launches run while this process trains the single-process references. Skipped, with the
// reason printed, where mpirun or the addon is missing; a backend that cannot run here is left
// out with its reason printed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIMIZER_KINDS } from '@shardwise/core';
import { DataParallelEngine, nativeKernelsUnavailable, wasmKernelsAvailable } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { findLauncher, startRanks } from '../../packages/mpi/src/testing/mpirun.js';
import { trainLayoutRuns } from './fixtures/layout-run.mjs';

const launcher = findLauncher();
if (launcher.skip) console.warn(`skipping the MPI layout tests: ${launcher.skip}`);
const SCRIPT = fileURLToPath(new URL('./fixtures/train-layouts.mjs', import.meta.url));

/** Each kernel backend and why it cannot run here (null: it can). */
const BACKENDS: [string, string | null][] = [
  ['ts', null],
  ['wasm', wasmKernelsAvailable() ? null : 'WebAssembly SIMD is not supported by this Node.js'],
  ['native', nativeKernelsUnavailable()],
];
for (const [backend, missing] of BACKENDS) {
  if (missing !== null) console.warn(`MPI layout tests: kernels ${backend} left out: ${missing}`);
}
const CONFIGS = BACKENDS.filter(([, missing]) => missing === null).flatMap(([backend]) =>
  ['f32', 'f64'].flatMap((dtype) => OPTIMIZER_KINDS.map((kind) => `${backend}:${dtype}:${kind}`)),
);

interface RankResult {
  readonly name: string;
  readonly rank: number;
  readonly params: string;
  readonly losses: number[];
}

/** Every rank's result per configuration, from one mpirun launch. */
async function launch(ranks: number): Promise<Map<string, RankResult[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'shardwise-mpi-layouts-'));
  try {
    const flavour = launcher.skip === undefined ? launcher.flavour : 'openmpi';
    const job = await startRanks(flavour, ranks, SCRIPT, [dir, ...CONFIGS], { timeoutMs: 540_000 });
    expect(job.status, `${job.timedOut ? 'timed out: ' : ''}${job.stderr}`).toBe(0);
    const results = new Map<string, RankResult[]>();
    for (let rank = 0; rank < ranks; rank++) {
      const lines = readFileSync(join(dir, `rank-${rank}.jsonl`), 'utf8')
        .trim()
        .split('\n');
      for (const line of lines) {
        const result = JSON.parse(line) as RankResult;
        results.set(result.name, [...(results.get(result.name) ?? []), result]);
      }
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function valuesOf(hex: string, dtype: string): number[] {
  const bytes = Buffer.from(hex, 'hex');
  const view = new Uint8Array(bytes).buffer;
  return Array.from(dtype === 'f32' ? new Float32Array(view) : new Float64Array(view));
}

describe.skipIf(launcher.skip !== undefined)('MPI layouts over 4 shards', () => {
  it(`1 × 4 (one process), 2 × 2 and 4 × 1 agree bit for bit in ${CONFIGS.length} configurations; f64 matches the full batch to 1e-12`, async () => {
    const jobs = Promise.all([launch(2), launch(4)]);
    jobs.catch(() => {}); // Awaited below, after the references: not an unhandled rejection meanwhile.
    // The single-process references, trained while the jobs run.
    type Result = { params: string; losses: number[] };
    const local = new Map<string, Result>();
    const full = new Map<string, Result>();
    await Promise.all([
      trainLayoutRuns(
        DataParallelEngine,
        CONFIGS,
        () => ({ workers: 4, shards: 4 }),
        (name, result) => {
          local.set(name, result);
        },
      ),
      trainLayoutRuns(
        DataParallelEngine,
        CONFIGS.filter((name) => name.split(':')[1] === 'f64'),
        () => ({ workers: 1, shards: 1 }),
        (name, result) => {
          full.set(name, result);
        },
      ),
    ]);
    const launches = await jobs;
    for (const name of CONFIGS) {
      const reference = local.get(name)!;
      for (const [j, job] of launches.entries()) {
        const ranks = job.get(name) ?? [];
        expect(ranks.length, `${name}: ranks reporting in launch ${j}`).toBe(j === 0 ? 2 : 4);
        for (const rank of ranks) {
          expect(rank.params, `${name}, rank ${rank.rank} of ${ranks.length}`).toBe(reference.params);
          expect(rank.losses, `${name}, rank ${rank.rank} of ${ranks.length}`).toEqual(reference.losses);
        }
      }
      const fullBatch = full.get(name);
      if (!fullBatch) continue;
      const a = valuesOf(reference.params, 'f64');
      const b = valuesOf(fullBatch.params, 'f64');
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst, name).toBeLessThan(1e-12);
    }
  }, 600_000);
});
