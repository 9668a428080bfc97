// The allreduce combine (`mpiCombine: 'allreduce'`) under a real mpirun, in one launch of 2 ranks ×
// 2 workers over 5 uneven shards (fixtures/allreduce-runs.mjs): every rank ends with the same
// parameters; the same layout trained twice gives the same bits; in f64 it agrees with the ordered
// combine to 1e-12; and `train({ mpi: true, mpiCombine: 'allreduce' })` records it in its
// checkpoint (the result depends on the layout, so a resume must combine the same way; that
// 'ordered' and single-process runs record nothing is checked in packages/cli, mpi-combine.test.ts).
// Skipped, with the reason printed, where mpirun or the addon is missing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLauncher, runRanks } from '../../packages/mpi/src/testing/mpirun.js';

const launcher = findLauncher();
if (launcher.skip) console.warn(`skipping the MPI allreduce tests: ${launcher.skip}`);
const SCRIPT = fileURLToPath(new URL('./fixtures/allreduce-runs.mjs', import.meta.url));
const RANKS = 2;

/** Each run's parameters (hex) per rank, from the one launch. */
const runs = new Map<string, string[]>();
const dir = mkdtempSync(join(tmpdir(), 'shardwise-mpi-allreduce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function valuesOf(hex: string): number[] {
  return Array.from(new Float64Array(new Uint8Array(Buffer.from(hex, 'hex')).buffer));
}

/** The JSON header of a safetensors file (it holds the run settings). */
function headerOf(path: string): string {
  const file = readFileSync(path);
  return file.subarray(8, 8 + Number(file.readBigUInt64LE(0))).toString('utf8');
}

describe.skipIf(launcher.skip !== undefined)(
  'the allreduce combine under mpirun (2 ranks × 2 workers)',
  () => {
    beforeAll(() => {
      const flavour = launcher.skip === undefined ? launcher.flavour : 'openmpi';
      const job = runRanks(flavour, RANKS, SCRIPT, [dir], { timeoutMs: 120_000 });
      expect(job.status, job.stderr).toBe(0);
      for (let rank = 0; rank < RANKS; rank++) {
        for (const line of readFileSync(join(dir, `rank-${rank}.jsonl`), 'utf8')
          .trim()
          .split('\n')) {
          const { name, params } = JSON.parse(line) as { name: string; params: string };
          runs.set(name, [...(runs.get(name) ?? []), params]);
        }
      }
    }, 150_000);

    it('leaves every rank with the same parameters', () => {
      expect([...runs.keys()]).toHaveLength(4);
      for (const [name, ranks] of runs) {
        expect(ranks, name).toHaveLength(RANKS);
        expect(ranks[1], name).toBe(ranks[0]);
      }
    });

    it('gives the same bits when the same layout trains again', () => {
      expect(runs.get('allreduce second')![0]).toBe(runs.get('allreduce first')![0]);
    });

    it('agrees with the ordered combine to 1e-12 in f64', () => {
      const allreduce = valuesOf(runs.get('allreduce first')![0]!);
      const ordered = valuesOf(runs.get('ordered')![0]!);
      expect(allreduce).toHaveLength(ordered.length);
      let worst = 0;
      for (let i = 0; i < ordered.length; i++) worst = Math.max(worst, Math.abs(allreduce[i]! - ordered[i]!));
      expect(worst).toBeLessThan(1e-12);
    });

    it("records mpiCombine 'allreduce' in the checkpoint of train()", () => {
      expect(headerOf(join(dir, 'allreduce.safetensors'))).toMatch(/mpiCombine\\?"\s*:\s*\\?"allreduce/);
    });
  },
);
