// GFLOP/s of the native CBLAS GEMM against the WebAssembly SIMD GEMM, measured in the same run on
// the same operands (square matrices in one shared WebAssembly.Memory, as the engine keeps them),
// one thread each. Prints a table, then one JSON line per row. A benchmark, never a test.
//   node packages/blas/bench/gemm-bench.mjs [sizes, default 256,512] [seconds per point, default 0.5]
import { compileKernelModule, WASM_GEMM_SCRATCH_BYTES, WasmGemm } from '@shardwise/core';
import { enableRelaxedSimd } from '../../core/scripts/relaxed-simd.mjs';
import { loadNativeBlas } from '../dist/index.js';

const sizes = (process.argv[2] ?? '256,512').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 0.5);
const { blas, reason } = loadNativeBlas();
if (!blas) {
  console.error(`gemm-bench: ${reason}`);
  process.exit(1);
}
enableRelaxedSimd(() => compileKernelModule('relaxed') !== null);
const builds = ['simd', 'relaxed']
  .map((variant) => ({ variant, module: compileKernelModule(variant) }))
  .filter((b) => b.module !== null);
const largest = Math.max(...sizes);
const scratch = WASM_GEMM_SCRATCH_BYTES * builds.length;
const pages = Math.ceil((scratch + 3 * largest * largest * 8 + 65536) / 65536);
const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
const kernels = [
  ...builds.map((b, i) => ({
    name: `wasm-${b.variant}`,
    gemm: new WasmGemm(memory, b.module, i * WASM_GEMM_SCRATCH_BYTES).gemm,
  })),
  { name: 'native', gemm: blas.gemm },
];

/**
 * Median seconds of one call of each function, the calls interleaved (one of each per round, for
 * about `seconds` in all) so that load from other processes falls on all of them alike.
 */
function medianSeconds(fns) {
  for (const fn of fns) fn();
  const samples = fns.map(() => []);
  const until = performance.now() + seconds * fns.length * 1000;
  while (performance.now() < until || samples[0].length < 5) {
    fns.forEach((fn, i) => {
      const start = performance.now();
      fn();
      samples[i].push((performance.now() - start) / 1000);
    });
  }
  return samples.map((list) => list.sort((x, y) => x - y)[Math.floor(list.length / 2)]);
}

const info = blas.info;
console.log(`native: ${info.vendor} ${info.corename ?? ''} (${info.config ?? info.library})`);
console.log(`dtype op  size  ${kernels.map((k) => k.name.padStart(13)).join('')}   native/best wasm`);
const rows = [];
for (const dtype of ['f32', 'f64']) {
  const T = dtype === 'f32' ? Float32Array : Float64Array;
  for (const size of sizes) {
    const count = size * size;
    let at = scratch;
    const [a, b, c] = [0, 1, 2].map(() => {
      const view = new T(memory.buffer, at, count);
      at += count * T.BYTES_PER_ELEMENT;
      for (let i = 0; i < count; i++) view[i] = Math.sin(i) * 0.5;
      return view;
    });
    for (const [op, transA, transB] of [
      ['NN', false, false],
      ['TN', true, false],
      ['NT', false, true],
    ]) {
      const flops = 2 * size ** 3;
      const times = medianSeconds(
        kernels.map(
          (k) => () => k.gemm(transA, transB, size, size, size, 1, a, 0, size, b, 0, size, 0, c, 0, size),
        ),
      );
      const gflops = times.map((t) => flops / t / 1e9);
      const ratio = gflops.at(-1) / Math.max(...gflops.slice(0, -1));
      const row = { kernel: 'gemm', dtype, op, size, blas: `${info.vendor} ${info.corename ?? ''}`.trim() };
      kernels.forEach((k, i) => {
        row[`${k.name}Gflops`] = gflops[i];
      });
      row.nativeOverBestWasm = ratio;
      rows.push(row);
      console.log(
        `${dtype}   ${op}  ${String(size).padStart(4)}  ${gflops.map((g) => g.toFixed(1).padStart(13)).join('')}   ${ratio.toFixed(2)}x`,
      );
    }
  }
}
for (const row of rows) console.log(JSON.stringify(row));
