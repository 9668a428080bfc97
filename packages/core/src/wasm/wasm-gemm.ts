import { gemm as gemmTs } from '../kernels/gemm.js';
import type { GemmFn } from '../kernels/gemm-reference.js';
import { allInMemory } from './in-memory.js';
import { WebAssembly } from './webassembly-types.js';

// Block sizes: a KC × NC panel of B (256 KiB in f32) stays in L2 while every 4-row micro-panel of
// an MC × KC block of A (4 KiB in f32) streams against it from L1. Multiples of the 4 × 8 tile.
const KC = 256;
const NC = 256;
const MC = 128;
const TILE_BYTES = 256;
/**
 * Up to this many rows of C, B (not transposed) is read where it is rather than packed. Measured on
 * mnist and deep: 25% faster for a 16-row shard, no slower at 128 and 256 rows, where B's block
 * stays in L2 either way.
 */
const DIRECT_B_MAX_ROWS = 256;
/** Bytes of one k-row of a B panel: NR = 8 f32 or 4 f64 columns. */
const B_PANEL_ROW_BYTES = 32;

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
  bRow: number,
  bPanel: number,
) => void;

/**
 * One packing routine (pack-wat.mjs): the block of op(A) (mc × kc) or op(B) (kc × nc) whose first
 * element is at byte `src`, in an operand of row stride `ld` bytes, into panels at byte `dst`.
 */
type PackKernel = (src: number, ld: number, rows: number, cols: number, dst: number) => void;

/** The instance's exports used here (scripts/gemm-wat.mjs, scripts/pack-wat.mjs). */
interface BlockKernels {
  gemm_block_f32: BlockKernel;
  gemm_block_f64: BlockKernel;
  pack_a_n_f32: PackKernel;
  pack_a_t_f32: PackKernel;
  pack_b_n_f32: PackKernel;
  pack_b_t_f32: PackKernel;
  pack_a_n_f64: PackKernel;
  pack_a_t_f64: PackKernel;
  pack_b_n_f64: PackKernel;
  pack_b_t_f64: PackKernel;
}

/** The kernels of one dtype: block kernel and packing of A and B as stored (N) or transposed (T). */
interface DtypeKernels {
  block: BlockKernel;
  packAN: PackKernel;
  packAT: PackKernel;
  packBN: PackKernel;
  packBT: PackKernel;
}

/**
 * GEMM on WebAssembly SIMD, in place over a shared WebAssembly.Memory: operands that are views
 * of that memory are read and written where they are (zero copy); blocks of them are packed into
 * this instance's scratch, also in the memory, for the SIMD block kernels. Any operand outside
 * the memory (or mixed dtypes) falls back to the TypeScript kernel, so results never depend on
 * where a caller's arrays live.
 */
export class WasmGemm {
  private readonly f32: DtypeKernels;
  private readonly f64: DtypeKernels;
  private readonly tile: number;
  private readonly aPack: number;
  private readonly bPack: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    /** Byte offset of WASM_GEMM_SCRATCH_BYTES of scratch reserved for this instance. */
    scratch: number,
  ) {
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const e = instance.exports as unknown as BlockKernels;
    this.f32 = {
      block: e.gemm_block_f32,
      packAN: e.pack_a_n_f32,
      packAT: e.pack_a_t_f32,
      packBN: e.pack_b_n_f32,
      packBT: e.pack_b_t_f32,
    };
    this.f64 = {
      block: e.gemm_block_f64,
      packAN: e.pack_a_n_f64,
      packAT: e.pack_a_t_f64,
      packBN: e.pack_b_n_f64,
      packBT: e.pack_b_t_f64,
    };
    this.tile = scratch;
    this.aPack = scratch + TILE_BYTES;
    this.bPack = this.aPack + MC * KC * 8;
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
    const f32 = c instanceof Float32Array;
    if (!allInMemory(this.memory, c, a, b) || k === 0) {
      gemmTs(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
      return;
    }
    const elem = f32 ? 4 : 8;
    const kernels = f32 ? this.f32 : this.f64;
    const block = kernels.block;
    const packA = transA ? kernels.packAT : kernels.packAN;
    const packB = transB ? kernels.packBT : kernels.packBN;
    // Byte address of op(A)[i, p] = aBase + i·aStepI + p·aStepP; of op(B)[p, j] = bBase + p·bStepP + j·bStepJ.
    const ldaBytes = lda * elem;
    const ldbBytes = ldb * elem;
    const aBase = a.byteOffset + aOffset * elem;
    const bBase = b.byteOffset + bOffset * elem;
    const aStepI = transA ? elem : ldaBytes;
    const aStepP = transA ? ldaBytes : elem;
    const bStepP = transB ? elem : ldbBytes;
    const bStepJ = transB ? ldbBytes : elem;
    const cBase = c.byteOffset + cOffset * elem;
    const ldcBytes = ldc * elem;
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        const first = pc === 0;
        // A few rows (one worker's shard over many workers) barely reuse B: packing it costs about
        // as much as the product, so the kernel reads B where it is when its rows are whole panels.
        const bBlock = bBase + pc * bStepP + jc * bStepJ;
        const direct = !transB && m <= DIRECT_B_MAX_ROWS && (n * elem) % B_PANEL_ROW_BYTES === 0;
        if (!direct) packB(bBlock, ldbBytes, kc, nc, this.bPack);
        const bAt = direct ? bBlock : this.bPack;
        const bRow = direct ? ldbBytes : B_PANEL_ROW_BYTES;
        const bPanel = direct ? elem : kc * elem;
        for (let ic = 0; ic < m; ic += MC) {
          const mc = Math.min(MC, m - ic);
          packA(aBase + ic * aStepI + pc * aStepP, ldaBytes, mc, kc, this.aPack);
          const cBlock = cBase + ic * ldcBytes + jc * elem;
          const blockBeta = first ? beta : 1;
          const betaZero = first && beta === 0 ? 1 : 0;
          block(
            mc,
            nc,
            kc,
            this.aPack,
            bAt,
            cBlock,
            ldcBytes,
            alpha,
            blockBeta,
            betaZero,
            this.tile,
            bRow,
            bPanel,
          );
        }
      }
    }
  };
}
