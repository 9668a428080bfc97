// Under a real mpirun: 2 ranks × 2 workers and 4 ranks × 1 worker over 4 shards give parameters
// and losses bit-identical to each other, to every rank of the job, and to one process with 4
// workers, for every optimizer, both kernel backends, f32 and f64 (four configurations that cover
// each optimizer once and each backend × dtype pair once: the exchange moves bytes, the rest is
// the in-process engine, whose every combination shard-layout-independence.test.ts checks); in
// f64 they equal one full-batch step per batch (1 worker, 1 shard) to 1e-12. Each launch trains
// all configurations. Skipped, with the reason printed, where mpirun or the addon is missing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataParallelEngine, wasmKernelsAvailable } from '@shardwise/worker';
import { describe, expect, it } from 'vitest';
import { findLauncher, runRanks } from '../../packages/mpi/src/testing/mpirun.js';
import { trainLayoutRun } from './fixtures/layout-run.mjs';

const launcher = findLauncher();
if (launcher.skip) console.warn(`skipping the MPI layout tests: ${launcher.skip}`);
const SCRIPT = fileURLToPath(new URL('./fixtures/train-layouts.mjs', import.meta.url));

const wasm = wasmKernelsAvailable() ? 'wasm' : 'ts';
const CONFIGS = ['ts:f32:sgd', `${wasm}:f64:momentum`, 'ts:f64:adam', `${wasm}:f32:adamw`];

interface RankResult {
  readonly name: string;
  readonly rank: number;
  readonly params: string;
  readonly losses: number[];
}

/** Every rank's result per configuration, from one mpirun launch. */
function launch(ranks: number): Map<string, RankResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'shardwise-mpi-layouts-'));
  try {
    const flavour = launcher.skip === undefined ? launcher.flavour : 'openmpi';
    const job = runRanks(flavour, ranks, SCRIPT, [dir, ...CONFIGS], { timeoutMs: 240_000 });
    expect(job.status, job.stderr).toBe(0);
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
  it('1 × 4 (one process), 2 × 2 and 4 × 1 agree bit for bit; f64 matches the full batch to 1e-12', async () => {
    const jobs = [launch(2), launch(4)];
    for (const name of CONFIGS) {
      const local = await trainLayoutRun(DataParallelEngine, name, { workers: 4, shards: 4 });
      for (const [j, job] of jobs.entries()) {
        const ranks = job.get(name) ?? [];
        expect(ranks.length, `${name}: ranks reporting in launch ${j}`).toBe(j === 0 ? 2 : 4);
        for (const rank of ranks) {
          expect(rank.params, `${name}, rank ${rank.rank} of ${ranks.length}`).toBe(local.params);
          expect(rank.losses, `${name}, rank ${rank.rank} of ${ranks.length}`).toEqual(local.losses);
        }
      }
      const [, dtype] = name.split(':');
      if (dtype !== 'f64') continue;
      const full = await trainLayoutRun(DataParallelEngine, name, { workers: 1, shards: 1 });
      const a = valuesOf(local.params, dtype);
      const b = valuesOf(full.params, dtype);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst, name).toBeLessThan(1e-12);
    }
  }, 300_000);
});
