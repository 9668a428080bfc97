// The `bench:kernels` section for the WebAssembly SIMD GEMM: GFLOP/s of both builds (plain SIMD,
// relaxed fused multiply-add) against the TypeScript kernel measured in the same run, all with
// operands inside one shared WebAssembly memory as the engine keeps them.
import { enableRelaxedSimd } from '../../scripts/relaxed-simd.mjs';
import { DTYPES, type DType, type FloatArray, viewOf } from '../dtype.js';
import { gemm } from '../kernels/gemm.js';
import { compileKernelModule, type SimdVariant } from '../wasm/kernel-module.js';
import { WASM_GEMM_SCRATCH_BYTES, WasmGemm } from '../wasm/wasm-gemm.js';
import { WebAssembly } from '../wasm/webassembly-types.js';
import type { BenchContext, BenchSection } from './kernels-bench.js';

const VARIANTS: readonly { name: string; transA: boolean; transB: boolean }[] = [
  { name: 'NN', transA: false, transB: false },
  { name: 'TN', transA: true, transB: false },
  { name: 'NT', transA: false, transB: true },
];

export const wasmGemmSection: BenchSection = {
  name: 'wasm-gemm',
  run(context: BenchContext) {
    // Relaxed SIMD is behind a flag in Node 20's V8; set it before compiling to measure both.
    enableRelaxedSimd(() => compileKernelModule('relaxed') !== null);
    const builds = (['simd', 'relaxed'] as const)
      .map((variant) => ({ variant, module: compileKernelModule(variant) }))
      .filter((b): b is { variant: SimdVariant; module: WebAssembly.Module } => b.module !== null);
    const largest = Math.max(...context.options.sizes);
    const pages = Math.ceil(
      (WASM_GEMM_SCRATCH_BYTES * builds.length + 3 * largest * largest * 8 + 65536) / 65536,
    );
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const kernels = builds.map((b, i) => ({
      ...b,
      gemm: new WasmGemm(memory, b.module, i * WASM_GEMM_SCRATCH_BYTES).gemm,
    }));
    context.heading(
      'WebAssembly SIMD GEMM vs the TypeScript kernel (operands in shared memory)\ndtype variant   size       ts   wasm  ratio   relaxed  ratio',
    );
    for (const dtype of DTYPES) {
      for (const size of context.options.sizes) {
        const [a, b, c] = operands(memory, dtype, size, builds.length);
        for (const { name, transA, transB } of VARIANTS) {
          const time = (fn: typeof gemm) =>
            context.medianSeconds(() =>
              fn(transA, transB, size, size, size, 1, a, 0, size, b, 0, size, 0, c, 0, size),
            );
          const flops = 2 * size ** 3;
          const ts = flops / time(gemm) / 1e9;
          const results = kernels.map((k) => ({ variant: k.variant, gflops: flops / time(k.gemm) / 1e9 }));
          const row: Record<string, unknown> = {
            kernel: 'wasm-gemm',
            variant: name,
            dtype,
            m: size,
            n: size,
            k: size,
            tsGflops: ts,
          };
          for (const r of results) {
            row[`${r.variant}Gflops`] = r.gflops;
            row[`${r.variant}Speedup`] = r.gflops / ts;
          }
          const cells = results
            .map((r) => `${r.gflops.toFixed(2).padStart(7)} ${(r.gflops / ts).toFixed(2).padStart(5)}x`)
            .join('  ');
          context.report(
            row,
            `${dtype}   ${name}      ${String(size).padStart(5)}  ${ts.toFixed(2).padStart(7)}  ${cells}`,
          );
        }
      }
    }
  },
};

/** Three size × size matrices of `dtype` placed after the GEMM scratch areas. */
function operands(
  memory: WebAssembly.Memory,
  dtype: DType,
  size: number,
  scratchAreas: number,
): FloatArray[] {
  const bytes = dtype === 'f32' ? 4 : 8;
  const base = WASM_GEMM_SCRATCH_BYTES * scratchAreas;
  return [0, 1, 2].map((i) => {
    const view = viewOf(dtype, memory.buffer, base + i * size * size * bytes, size * size);
    for (let j = 0; j < view.length; j++) view[j] = Math.sin(j * 0.37 + i);
    return view;
  });
}
