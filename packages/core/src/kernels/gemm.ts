import type { FloatArray } from '../dtype.js';
import type { GemmFn } from './gemm-reference.js';

/*
 * Fast GEMM, `C = alpha * op(A) * op(B) + beta * C`, with the same signature and semantics as
 * `gemmReference`. Layout follows the GotoBLAS scheme:
 *
 *   for each nc-wide column block of C        (NC)
 *     for each kc-deep slice of the k range   (KC)   pack op(B)[kc × nc] into NR-wide strips
 *       for each mc-tall row block of C       (MC)   pack op(A)[mc × kc] into MR-tall strips
 *         for each NR strip, each MR strip:          MR×NR micro-kernel over kc, then store
 *
 * Packing makes every transpose variant feed the same contiguous streams to one micro-kernel, so
 * TN and NT never run strided inner loops. Both dtypes pack into float64 scratch: f32 values are
 * widened once while packing instead of once per multiply, and the micro-kernel only ever sees a
 * Float64Array, so V8 keeps it monomorphic. Accumulation is in float64; when k spans several
 * slices, an f32 C holds the running sum rounded to float32 between slices.
 */

/**
 * Micro-tile height and width. Of the shapes measured on Node 20 (2×4 up to 4×8), 3×4 and 4×3 were
 * the fastest: smaller tiles spend more loads per multiply, larger ones spill accumulators.
 */
const MR = 3;
const NR = 4;
/** k-slice depth: one NR-wide strip of packed B (KC×NR float64, 8 KiB) stays in L1. */
const KC = 256;
/** Row-block height (a multiple of MR): the packed A block (MC×KC float64, 192 KiB) stays in L2. */
const MC = 96;
/** Column-block width (a multiple of NR): bounds the packed B scratch at KC×NC float64 (2 MiB). */
const NC = 1024;

// Module-level scratch, grown on demand and reused, so steady-state calls allocate nothing.
let packedA = new Float64Array(0);
let packedB = new Float64Array(0);
const tile = new Float64Array(MR * NR);

/** The packed, register-blocked TypeScript GEMM: the {@link GemmFn} contract, as `gemmReference`. */
export const gemm: GemmFn = (
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
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    scaleOnly(m, n, alpha, beta, c, cOffset, ldc);
    return;
  }
  // Equal k-slices (784 = 4 × 196, not 3 × 256 + 16), so no slice is too short to amortise its stores.
  const sliceDepth = Math.ceil(k / Math.ceil(k / KC));
  ensureScratch(roundUp(Math.min(MC, m), MR) * sliceDepth, roundUp(Math.min(NC, n), NR) * sliceDepth);

  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += sliceDepth) {
      const kc = Math.min(sliceDepth, k - p0);
      // Only the first k-slice applies beta; later slices accumulate onto it.
      const sliceBeta = p0 === 0 ? beta : 1;
      // op(B)'s columns: rows of B when transposed, else side by side in B's rows.
      if (transB) packLinesAlongK(b, bOffset + j0 * ldb + p0, ldb, nc, kc, NR, packedB);
      else packLinesAcrossK(b, bOffset + p0 * ldb + j0, ldb, nc, kc, NR, packedB);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        // op(A)'s rows: side by side in A's rows when transposed, else rows of A.
        if (transA) packLinesAcrossK(a, aOffset + p0 * lda + i0, lda, mc, kc, MR, packedA);
        else packLinesAlongK(a, aOffset + i0 * lda + p0, lda, mc, kc, MR, packedA);
        multiplyPackedBlock(mc, nc, kc, alpha, sliceBeta, c, cOffset + i0 * ldc + j0, ldc);
      }
    }
  }
};

/** Runs the micro-kernel over every MR×NR tile of the packed mc×kc by kc×nc block. */
function multiplyPackedBlock(
  mc: number,
  nc: number,
  kc: number,
  alpha: number,
  beta: number,
  c: FloatArray,
  cBlock: number,
  ldc: number,
): void {
  const a = packedA;
  const b = packedB;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      microKernel(kc, a, ir * kc, b, jr * kc, tile);
      storeTile(Math.min(MR, mc - ir), cols, alpha, beta, tile, c, cBlock + ir * ldc + jr, ldc);
    }
  }
}

/**
 * The hot loop: `out = Σ_p a[p-th MR column] ⊗ b[p-th NR row]` over kc steps of the packed strips.
 * Accumulators live in locals (registers); padded strips make every tile full-size.
 */
function microKernel(
  kc: number,
  a: Float64Array,
  ai: number,
  b: Float64Array,
  bi: number,
  out: Float64Array,
): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = a[ai]!;
    const a1 = a[ai + 1]!;
    const a2 = a[ai + 2]!;
    const b0 = b[bi]!;
    const b1 = b[bi + 1]!;
    const b2 = b[bi + 2]!;
    const b3 = b[bi + 3]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    ai += MR;
    bi += NR;
  }
  out[0] = c00;
  out[1] = c01;
  out[2] = c02;
  out[3] = c03;
  out[4] = c10;
  out[5] = c11;
  out[6] = c12;
  out[7] = c13;
  out[8] = c20;
  out[9] = c21;
  out[10] = c22;
  out[11] = c23;
}

/** Writes the valid rows×cols corner of a tile into C: `C = alpha * tile + beta * C`. */
function storeTile(
  rows: number,
  cols: number,
  alpha: number,
  beta: number,
  t: Float64Array,
  c: FloatArray,
  cIndex: number,
  ldc: number,
): void {
  for (let r = 0; r < rows; r++) {
    const ti = r * NR;
    // beta = 0 must not read C: 0 * NaN would leak old NaNs.
    if (beta === 0) {
      for (let j = 0; j < cols; j++) c[cIndex + j] = alpha * t[ti + j]!;
    } else {
      for (let j = 0; j < cols; j++) c[cIndex + j] = alpha * t[ti + j]! + beta * c[cIndex + j]!;
    }
    cIndex += ldc;
  }
}

/** k = 0: op(A)·op(B) is the zero matrix, so C = alpha * 0 + beta * C, as the reference computes it. */
function scaleOnly(
  m: number,
  n: number,
  alpha: number,
  beta: number,
  c: FloatArray,
  cOffset: number,
  ldc: number,
): void {
  const product = alpha * 0;
  for (let i = 0; i < m; i++) {
    const row = cOffset + i * ldc;
    for (let j = 0; j < n; j++) c[row + j] = beta === 0 ? product : product + beta * c[row + j]!;
  }
}

/*
 * Packing: op(A)'s rows and op(B)'s columns are both "lines" along k, packed into strips of
 * `width` lines (MR or NR) laid out [kc][width], the last strip zero-padded. A line is either
 * contiguous in the source (A as stored, B transposed) or its k-th element sits beside the other
 * lines' (A transposed, B as stored); each case reads the source contiguously.
 */

/** Line l, element p at src[first + l·ld + p]. */
function packLinesAlongK(
  src: FloatArray,
  first: number,
  ld: number,
  lines: number,
  kc: number,
  width: number,
  dst: Float64Array,
): void {
  let strip = 0;
  for (let s = 0; s < lines; s += width) {
    const valid = Math.min(width, lines - s);
    for (let l = 0; l < width; l++) {
      let w = strip + l;
      const from = first + (s + l) * ld;
      for (let p = 0; p < kc; p++) {
        dst[w] = l < valid ? src[from + p]! : 0;
        w += width;
      }
    }
    strip += width * kc;
  }
}

/** Line l, element p at src[first + p·ld + l]. */
function packLinesAcrossK(
  src: FloatArray,
  first: number,
  ld: number,
  lines: number,
  kc: number,
  width: number,
  dst: Float64Array,
): void {
  let w = 0;
  for (let s = 0; s < lines; s += width) {
    const valid = Math.min(width, lines - s);
    let from = first + s;
    for (let p = 0; p < kc; p++) {
      for (let l = 0; l < width; l++) dst[w + l] = l < valid ? src[from + l]! : 0;
      w += width;
      from += ld;
    }
  }
}

function ensureScratch(aLength: number, bLength: number): void {
  if (packedA.length < aLength) packedA = new Float64Array(aLength);
  if (packedB.length < bLength) packedB = new Float64Array(bLength);
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}
