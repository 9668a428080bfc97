import './webassembly-types.js';
import type { FloatArray } from '../dtype.js';
import { gemm as gemmTs } from '../kernels/gemm.js';

/** The GEMM signature shared by every backend: C = alpha·op(A)·op(B) + beta·C, row-major. */
export type GemmFn = typeof gemmTs;

// Block sizes: a KC × NC panel of B (256 KiB in f32) stays in L2 while every MR-row micro-panel of
// an MC × KC block of A (4 KiB in f32) streams against it from L1. Multiples of the 4 × 8 tile.
const MR = 4;
const KC = 256;
const NC = 256;
const MC = 128;
const TILE_BYTES = 256;

/** Bytes of scratch one WasmGemm needs in the memory: the edge tile and the packed A and B blocks. */
export const WASM_GEMM_SCRATCH_BYTES = TILE_BYTES + (MC * KC + KC * NC) * 8;

/** One block kernel: C (mc × nc, row stride ldc bytes) = alpha·A·B + beta·C from packed panels. */
type BlockKernel = (
  mc: number,
  nc: number,
  kc: number,
  aPack: number,
  bPack: number,
  c: number,
  ldc: number,
  alpha: number,
  beta: number,
  betaZero: number,
  tile: number,
) => void;

interface BlockKernels {
  gemm_block_f32: BlockKernel;
  gemm_block_f64: BlockKernel;
}

/**
 * GEMM on WebAssembly SIMD, in place over a shared WebAssembly.Memory: operands that are views
 * of that memory are read and written where they are (zero copy); blocks of them are packed into
 * this instance's scratch, also in the memory, for the SIMD block kernels. Any operand outside
 * the memory (or mixed dtypes) falls back to the TypeScript kernel, so results never depend on
 * where a caller's arrays live.
 */
export class WasmGemm {
  private readonly kernels: BlockKernels;
  private readonly tile: number;
  private readonly aPack: number;
  private readonly bPack: number;
  private readonly pack32: Float32Array;
  private readonly pack64: Float64Array;

  constructor(
    private readonly memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    /** Byte offset of WASM_GEMM_SCRATCH_BYTES of scratch reserved for this instance. */
    scratch: number,
  ) {
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.kernels = instance.exports as unknown as BlockKernels;
    this.tile = scratch;
    this.aPack = scratch + TILE_BYTES;
    this.bPack = this.aPack + MC * KC * 8;
    const scratchFloats = (WASM_GEMM_SCRATCH_BYTES - TILE_BYTES) / 4;
    this.pack32 = new Float32Array(memory.buffer, this.aPack, scratchFloats);
    this.pack64 = new Float64Array(memory.buffer, this.aPack, scratchFloats / 2);
  }

  /** Same contract as core's `gemm`. */
  readonly gemm: GemmFn = (
    transA,
    transB,
    m,
    n,
    k,
    alpha,
    a,
    aOffset,
    lda,
    b,
    bOffset,
    ldb,
    beta,
    c,
    cOffset,
    ldc,
  ) => {
    const buffer = this.memory.buffer;
    const f32 = c instanceof Float32Array;
    if (
      a.buffer !== buffer ||
      b.buffer !== buffer ||
      c.buffer !== buffer ||
      a instanceof Float32Array !== f32 ||
      b instanceof Float32Array !== f32 ||
      k === 0
    ) {
      gemmTs(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
      return;
    }
    const elem = f32 ? 4 : 8;
    const nr = f32 ? 8 : 4;
    const pack = f32 ? this.pack32 : this.pack64;
    const block = f32 ? this.kernels.gemm_block_f32 : this.kernels.gemm_block_f64;
    const bPackAt = (this.bPack - this.aPack) / elem; // element index of the B block in `pack`
    const cBase = c.byteOffset + cOffset * elem;
    const ldcBytes = ldc * elem;
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        const first = pc === 0;
        packB(pack, bPackAt, b, bOffset, ldb, transB, pc, kc, jc, nc, nr);
        for (let ic = 0; ic < m; ic += MC) {
          const mc = Math.min(MC, m - ic);
          packA(pack, a, aOffset, lda, transA, ic, mc, pc, kc);
          const cBlock = cBase + ic * ldcBytes + jc * elem;
          const blockBeta = first ? beta : 1;
          const betaZero = first && beta === 0 ? 1 : 0;
          block(mc, nc, kc, this.aPack, this.bPack, cBlock, ldcBytes, alpha, blockBeta, betaZero, this.tile);
        }
      }
    }
  };
}

/** op(A)[ic.., pc..] into panels of MR rows, each laid out [kc][MR], zero-padded past mc. */
function packA(
  dst: FloatArray,
  a: FloatArray,
  aOffset: number,
  lda: number,
  transA: boolean,
  ic: number,
  mc: number,
  pc: number,
  kc: number,
): void {
  for (let q = 0; q * MR < mc; q++) {
    const panel = q * kc * MR;
    const rows = Math.min(MR, mc - q * MR);
    for (let i = 0; i < MR; i++) {
      const row = ic + q * MR + i;
      if (i >= rows) {
        for (let p = 0; p < kc; p++) dst[panel + p * MR + i] = 0;
      } else if (transA) {
        for (let p = 0; p < kc; p++) dst[panel + p * MR + i] = a[aOffset + (pc + p) * lda + row]!;
      } else {
        const src = aOffset + row * lda + pc;
        for (let p = 0; p < kc; p++) dst[panel + p * MR + i] = a[src + p]!;
      }
    }
  }
}

/** op(B)[pc.., jc..] into panels of nr columns, each laid out [kc][nr], zero-padded past nc. */
function packB(
  dst: FloatArray,
  at: number,
  b: FloatArray,
  bOffset: number,
  ldb: number,
  transB: boolean,
  pc: number,
  kc: number,
  jc: number,
  nc: number,
  nr: number,
): void {
  for (let q = 0; q * nr < nc; q++) {
    const panel = at + q * kc * nr;
    const cols = Math.min(nr, nc - q * nr);
    const col0 = jc + q * nr;
    if (transB) {
      for (let j = 0; j < nr; j++) {
        if (j >= cols) {
          for (let p = 0; p < kc; p++) dst[panel + p * nr + j] = 0;
          continue;
        }
        const src = bOffset + (col0 + j) * ldb + pc;
        for (let p = 0; p < kc; p++) dst[panel + p * nr + j] = b[src + p]!;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = bOffset + (pc + p) * ldb + col0;
        const row = panel + p * nr;
        for (let j = 0; j < cols; j++) dst[row + j] = b[src + j]!;
        for (let j = cols; j < nr; j++) dst[row + j] = 0;
      }
    }
  }
}
