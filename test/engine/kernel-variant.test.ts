// The engine runs the relaxed-SIMD build of the WebAssembly kernels wherever this Node.js offers
// it (here: behind --experimental-wasm-relaxed-simd), plain SIMD otherwise, and either build
// trains like the TypeScript kernels (float64, 6 Adam steps over 2 workers, to 1e-12).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/kernel-variant.mjs', import.meta.url));

function run(flags: string[]): { variant: string; relaxedAvailable: boolean; largestDifference: number } {
  const result = spawnSync(process.execPath, [...flags, script], { encoding: 'utf8', timeout: 30_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('WebAssembly kernel build', () => {
  it('is relaxed SIMD where the runtime enables it', () => {
    const { variant, largestDifference } = run(['--experimental-wasm-relaxed-simd']);
    expect(variant).toBe('relaxed');
    expect(largestDifference).toBeLessThan(1e-12);
  });

  it('is plain SIMD where relaxed SIMD is not enabled', () => {
    // Node 20 ships relaxed SIMD behind the flag; later releases enable it by default.
    const { variant, relaxedAvailable, largestDifference } = run([]);
    if (process.versions.node.startsWith('20.')) expect(relaxedAvailable).toBe(false);
    expect(variant).toBe(relaxedAvailable ? 'relaxed' : 'simd');
    expect(largestDifference).toBeLessThan(1e-12);
  });
});
