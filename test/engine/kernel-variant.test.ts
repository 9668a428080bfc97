// The engine runs the relaxed-SIMD build of the WebAssembly kernels wherever this Node.js enables
// relaxed SIMD (by default from Node 22 on; Node 20 only behind --experimental-wasm-relaxed-simd, a
// flag later releases no longer accept), plain SIMD otherwise. What is bit-identical and what is
// not: each build repeats its own results bit for bit (same seed, data and worker layout), and
// either build trains like the TypeScript kernels to tolerance (float64, 6 Adam steps over 2
// workers, to 1e-12), not bit for bit: the relaxed build's fused multiply-add rounds once where
// the others round twice, and the builds sum the GEMM's products in another order.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/kernel-variant.mjs', import.meta.url));
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

interface VariantReport {
  variant: string;
  relaxedAvailable: boolean;
  repeatsBitForBit: boolean;
  largestDifference: number;
}

function run(flags: string[]): VariantReport {
  const result = spawnSync(process.execPath, [...flags, script], { encoding: 'utf8', timeout: 60_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('WebAssembly kernel build', () => {
  it('is relaxed SIMD where the runtime enables it', () => {
    const byDefault = run([]);
    // Where relaxed SIMD is off by default (Node 20), V8's flag turns it on.
    const report = byDefault.relaxedAvailable ? byDefault : run(['--experimental-wasm-relaxed-simd']);
    expect(report.variant).toBe('relaxed');
    expect(report.repeatsBitForBit).toBe(true);
    expect(report.largestDifference).toBeLessThan(1e-12);
  });

  it('is plain SIMD where relaxed SIMD is not enabled, and relaxed by default from Node 22', () => {
    const { variant, relaxedAvailable, repeatsBitForBit, largestDifference } = run([]);
    expect(relaxedAvailable).toBe(NODE_MAJOR >= 22);
    expect(variant).toBe(relaxedAvailable ? 'relaxed' : 'simd');
    expect(repeatsBitForBit).toBe(true);
    expect(largestDifference).toBeLessThan(1e-12);
  });
});
