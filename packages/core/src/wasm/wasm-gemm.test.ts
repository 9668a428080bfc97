// The WebAssembly SIMD GEMM agrees with the reference for every transpose, dtype, size, offset,
// alpha and beta — in both builds (plain SIMD and, where enabled, relaxed fused multiply-add).
import { describe, expect, it } from 'vitest';
import { enableRelaxedSimd } from '../../scripts/relaxed-simd.mjs';
import { allocate, type DType, type FloatArray, viewOf } from '../dtype.js';
import { gemmReference } from '../kernels/gemm-reference.js';
import { lcg } from '../testing/sources.js';
import { compileKernelModule, type SimdVariant } from './kernel-module.js';
import { WASM_GEMM_SCRATCH_BYTES, WasmGemm } from './wasm-gemm.js';
import { WebAssembly } from './webassembly-types.js';

enableRelaxedSimd(() => compileKernelModule('relaxed') !== null);

function setup(variant: SimdVariant) {
  const module = compileKernelModule(variant);
  if (!module) throw new Error(`${variant} kernels do not compile here`);
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 256, shared: true });
  let next = WASM_GEMM_SCRATCH_BYTES;
  const alloc = (dtype: DType, length: number): FloatArray => {
    const bytes = dtype === 'f32' ? 4 : 8;
    next = Math.ceil(next / 16) * 16;
    const view =
      dtype === 'f32'
        ? new Float32Array(memory.buffer, next, length)
        : new Float64Array(memory.buffer, next, length);
    next += length * bytes;
    return view;
  };
  return { wasm: new WasmGemm(memory, module, 0), alloc, reset: () => (next = WASM_GEMM_SCRATCH_BYTES) };
}

describe.each(['simd', 'relaxed'] as const)('WasmGemm (%s)', (variant) => {
  const { wasm, alloc, reset } = setup(variant);
  const shapes = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 8, 16],
    [13, 17, 31],
    [64, 64, 64],
    [65, 33, 300],
    [130, 270, 257],
    // B read in place (m ≤ 256, whole panels), over two K blocks and two N blocks; and packed
    // again for the same n past 256 rows.
    [2, 520, 300],
    [257, 16, 9],
  ] as const;
  for (const dtype of ['f32', 'f64'] as const) {
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`${dtype} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} matches the reference`, () => {
        const next = lcg(m0(dtype, transA, transB));
        for (const [m, n, k] of shapes) {
          const scalings =
            m * n * k > 1e5
              ? ([[1, 0]] as const)
              : ([
                  [1, 0],
                  [-0.75, 0.5],
                  [2, 1],
                ] as const);
          for (const [alpha, beta] of scalings) {
            reset();
            const pad = 3;
            const lda = (transA ? m : k) + pad;
            const ldb = (transB ? k : n) + pad;
            const ldc = n + pad;
            const a = alloc(dtype, (transA ? k : m) * lda + 2);
            const b = alloc(dtype, (transB ? n : k) * ldb + 2);
            const c = alloc(dtype, m * ldc + 2);
            for (let i = 0; i < a.length; i++) a[i] = next();
            for (let i = 0; i < b.length; i++) b[i] = next();
            for (let i = 0; i < c.length; i++) c[i] = beta === 0 ? Number.NaN : next();
            const expected = allocate(dtype, c.length);
            expected.set(c);
            gemmReference(transA, transB, m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, expected, 1, ldc);
            wasm.gemm(transA, transB, m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, c, 1, ldc);
            const tolerance = dtype === 'f64' ? 1e-12 : 2e-5;
            for (let i = 0; i < m; i++) {
              for (let j = 0; j < n; j++) {
                const at = 1 + i * ldc + j;
                const scale = Math.max(1, Math.sqrt(k));
                expect(Math.abs(c[at]! - expected[at]!)).toBeLessThan(tolerance * scale);
              }
              // The padding after each row of C is never touched.
              for (let j = n; j < ldc && 1 + i * ldc + j < c.length; j++) {
                const at = 1 + i * ldc + j;
                if (beta === 0) expect(Number.isNaN(c[at]!)).toBe(true);
                else expect(c[at]).toBe(expected[at]);
              }
            }
          }
        }
      });
    }
  }
});

function m0(dtype: string, a: boolean, b: boolean): number {
  return (dtype === 'f32' ? 1 : 2) * 10 + (a ? 1 : 0) * 3 + (b ? 1 : 0) * 5;
}

type Pack = (src: number, ld: number, rows: number, cols: number, dst: number) => void;

describe('GEMM packing in WebAssembly', () => {
  // The packed layout the block kernels read (see wasm-gemm.ts), checked value by value against a
  // direct reading of the contract: op(A) (mc × kc) in panels of 4 rows laid out [kc][4]; op(B)
  // (kc × nc) in panels of nr = 8 (f32) / 4 (f64) columns laid out [kc][nr]; zero-padded panels.
  const module = compileKernelModule('simd');
  if (!module) throw new Error('simd kernels do not compile here');
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared: true });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Record<
    string,
    Pack
  >;
  // [width (mc or nc), kc]: full and partial panels, k tails of every length, one element.
  const shapes = [
    [1, 1],
    [3, 5],
    [4, 4],
    [5, 7],
    [8, 8],
    [9, 3],
    [12, 2],
    [13, 17],
    [16, 1],
    [23, 30],
    [128, 256],
    [250, 255],
  ] as const;
  for (const dtype of ['f32', 'f64'] as const) {
    for (const operand of ['a', 'b'] as const) {
      for (const trans of [false, true]) {
        const name = `pack_${operand}_${trans ? 't' : 'n'}_${dtype}`;
        it(`${name} packs every shape, offset and stride as the contract says`, () => {
          const pack = exports[name]!;
          const elem = dtype === 'f32' ? 4 : 8;
          const panel = operand === 'a' ? 4 : 32 / elem;
          const next = lcg(name.length * 7 + (trans ? 1 : 0));
          for (const [width, kc] of shapes) {
            for (const [offset, pad] of [
              [0, 0],
              [1, 3],
              [3, 1],
            ] as const) {
              // op(X)[w, p] (w along the panelled dimension) at src[offset + w·stepW + p·stepP]: lines
              // along k are contiguous for A as stored and B transposed.
              const alongK = (operand === 'a') !== trans;
              const lineLength = alongK ? kc : width;
              const ld = lineLength + pad;
              const lines = alongK ? width : kc;
              const srcAt = 4096; // 16-byte aligned; offsets make the operand unaligned
              const src = viewOf(dtype, memory.buffer, srcAt, offset + lines * ld + 2);
              for (let i = 0; i < src.length; i++) src[i] = next();
              const [stepW, stepP] = alongK ? [ld, 1] : [1, ld];
              const panels = Math.ceil(width / panel);
              const packedLength = panels * kc * panel;
              const dstAt = srcAt + src.length * elem + 64 + elem; // unaligned to 16 on purpose
              const dst = viewOf(dtype, memory.buffer, dstAt, packedLength + panel);
              dst.fill(Number.NaN);
              const [rows, cols] = operand === 'a' ? [width, kc] : [kc, width];
              pack(srcAt + offset * elem, ld * elem, rows, cols, dstAt);
              for (let q = 0; q < panels; q++) {
                for (let p = 0; p < kc; p++) {
                  for (let l = 0; l < panel; l++) {
                    const w = q * panel + l;
                    const expected = w < width ? src[offset + w * stepW + p * stepP]! : 0;
                    const got = dst[(q * kc + p) * panel + l];
                    if (got !== expected) {
                      throw new Error(
                        `${name} ${width}×${kc} offset ${offset} pad ${pad}: panel ${q} k ${p} lane ${l} = ${got}, expected ${expected}`,
                      );
                    }
                  }
                }
              }
              // Nothing is written past the packed block.
              for (let i = packedLength; i < dst.length; i++) expect(Number.isNaN(dst[i]!)).toBe(true);
            }
          }
        });
      }
    }
  }
});

describe('WasmGemm on an MLP-sized product', () => {
  it('f32 NN 256 × 256 × 784, across several K and N blocks', () => {
    const { wasm, alloc } = setup('simd');
    const [m, n, k] = [256, 300, 784];
    const next = lcg(99);
    const a = alloc('f32', m * k);
    const b = alloc('f32', k * n);
    const c = alloc('f32', m * n);
    // Filled in place: a mapped copy would live outside the memory and take the fallback.
    for (let i = 0; i < a.length; i++) a[i] = next();
    for (let i = 0; i < b.length; i++) b[i] = next();
    const expected = new Float32Array(m * n);
    gemmReference(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, expected, 0, n);
    wasm.gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, c, 0, n);
    for (let i = 0; i < m * n; i++) expect(Math.abs(c[i]! - expected[i]!)).toBeLessThan(1e-3);
  });
});

describe('WasmGemm fallback', () => {
  it('uses the TypeScript kernel for arrays outside the memory', () => {
    const { wasm } = setup('simd');
    const a = Float64Array.from([1, 2, 3, 4]);
    const b = Float64Array.from([5, 6, 7, 8]);
    const c = new Float64Array(4);
    wasm.gemm(false, false, 2, 2, 2, 1, a, 0, 2, b, 0, 2, 0, c, 0, 2);
    expect(Array.from(c)).toEqual([19, 22, 43, 50]);
  });
});

describe('WasmGemm really runs in WebAssembly', () => {
  it('accumulates in float32 lanes for operands in the memory, in float64 in the fallback', () => {
    const { wasm, alloc } = setup('simd');
    // [2^24, 1, 1] · [1, 1, 1]: each +1 is lost in float32 (2^24 + 1 is not representable), while
    // the TypeScript kernel's float64 accumulator keeps both and rounds 2^24 + 2 exactly.
    const a = alloc('f32', 3);
    const b = alloc('f32', 3);
    const c = alloc('f32', 1);
    a.set([16777216, 1, 1]);
    b.set([1, 1, 1]);
    wasm.gemm(false, false, 1, 1, 3, 1, a, 0, 3, b, 0, 1, 0, c, 0, 1);
    expect(c[0]).toBe(16777216);
    const outside = new Float32Array(1);
    wasm.gemm(
      false,
      false,
      1,
      1,
      3,
      1,
      Float32Array.from(a),
      0,
      3,
      Float32Array.from(b),
      0,
      1,
      0,
      outside,
      0,
      1,
    );
    expect(outside[0]).toBe(16777218);
  });
});
