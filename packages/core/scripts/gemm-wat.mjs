// Generates the WebAssembly text of the GEMM block kernels, one function per dtype:
//   gemm_block_f32 / gemm_block_f64 (mc, nc, kc, aPack, bPack, c, ldcBytes, alpha, beta, betaZero, tile, bRow, bPanel)
// C[mc × nc] (row stride ldcBytes) = alpha · A·B + beta · C over packed panels (see wasm-gemm.ts):
// A in panels of MR rows laid out [kc][MR], zero-padded to whole panels. B's k-row of a panel's NR
// columns is 32 contiguous bytes, the next k-row bRow bytes on and the next panel bPanel bytes
// per column on: packed panels [kc][NR] (bRow 32, bPanel kc·elem), or B read where it is stored,
// row-major (bRow = its row stride, bPanel = elem), when nc is a multiple of NR. Each MR × NR tile of C is accumulated in 8 v128 locals (MR = 4
// rows × 2 vectors): f32 tiles are 4 × 8, f64 tiles 4 × 4; either way a B row is 32 bytes.
// With `relaxed`, multiply-add is one fused f32x4/f64x2.relaxed_madd.

import { layerWat } from './layer-wat.mjs';
import { packWat } from './pack-wat.mjs';
import { updateWat } from './update-wat.mjs';

const SHAPES = {
  f32: {
    lanes: 'f32x4',
    elem: 4,
    splat: 'v128.load32_splat',
    nr: 8,
    scalarLoad: 'f32.load',
    scalarStore: 'f32.store',
    scalar: 'f32',
  },
  f64: {
    lanes: 'f64x2',
    elem: 8,
    splat: 'v128.load64_splat',
    nr: 4,
    scalarLoad: 'f64.load',
    scalarStore: 'f64.store',
    scalar: 'f64',
  },
};
const MR = 4;

function madd(lanes, relaxed, acc, a, b) {
  return relaxed
    ? `(local.set ${acc} (${lanes}.relaxed_madd (local.get ${a}) (local.get ${b}) (local.get ${acc})))`
    : `(local.set ${acc} (${lanes}.add (local.get ${acc}) (${lanes}.mul (local.get ${a}) (local.get ${b}))))`;
}

function blockKernel(dtype, relaxed) {
  const s = SHAPES[dtype];
  const aRow = MR * s.elem; // bytes of one k-row of an A panel
  const acc = (r, h) => `$c${r}${h}`;
  const accs = [];
  for (let r = 0; r < MR; r++) for (let h = 0; h < 2; h++) accs.push(acc(r, h));
  const kStep = [];
  kStep.push(
    '(local.set $b0 (v128.load (local.get $bp)))',
    '(local.set $b1 (v128.load offset=16 (local.get $bp)))',
  );
  for (let r = 0; r < MR; r++) {
    kStep.push(`(local.set $a (${s.splat} offset=${r * s.elem} (local.get $ap)))`);
    kStep.push(
      madd(s.lanes, relaxed, acc(r, 0), '$a', '$b0'),
      madd(s.lanes, relaxed, acc(r, 1), '$a', '$b1'),
    );
  }
  // Full tile: C row r, both vectors, scaled by alpha (+ beta·C unless beta is zero).
  const fullStore = [];
  for (let r = 0; r < MR; r++) {
    for (let h = 0; h < 2; h++) {
      const at = `(i32.add (local.get $crow) (i32.const ${r === 0 ? h * 16 : 0}))`;
      const scaled = `(${s.lanes}.mul (local.get $valpha) (local.get ${acc(r, h)}))`;
      fullStore.push(
        `(if (local.get $betaZero)
          (then (v128.store offset=${h * 16} (local.get $crow) ${scaled}))
          (else (v128.store offset=${h * 16} (local.get $crow)
            (${s.lanes}.add ${scaled} (${s.lanes}.mul (local.get $vbeta) (v128.load offset=${h * 16} (local.get $crow)))))))`,
      );
      void at;
    }
    fullStore.push('(local.set $crow (i32.add (local.get $crow) (local.get $ldc)))');
  }
  // Edge tile: spill the accumulators to the tile scratch, then copy the valid rows × cols.
  const spill = [];
  for (let r = 0; r < MR; r++) {
    for (let h = 0; h < 2; h++)
      spill.push(`(v128.store offset=${r * 32 + h * 16} (local.get $tile) (local.get ${acc(r, h)}))`);
  }
  return `
  (func (export "gemm_block_${dtype}")
    (param $mc i32) (param $nc i32) (param $kc i32) (param $aPack i32) (param $bPack i32)
    (param $c i32) (param $ldc i32) (param $alpha ${s.scalar}) (param $beta ${s.scalar}) (param $betaZero i32) (param $tile i32)
    (param $bRow i32) (param $bPanel i32)
    (local $ir i32) (local $jr i32) (local $p i32) (local $ap i32) (local $bp i32) (local $crow i32)
    (local $rows i32) (local $cols i32) (local $r i32) (local $j i32) (local $src i32) (local $dst i32)
    (local $a v128) (local $b0 v128) (local $b1 v128) (local $valpha v128) (local $vbeta v128)
    ${accs.map((name) => `(local ${name} v128)`).join(' ')}
    (local.set $valpha (${s.lanes}.splat (local.get $alpha)))
    (local.set $vbeta (${s.lanes}.splat (local.get $beta)))
    (local.set $ir (i32.const 0))
    (block $rowsDone (loop $rowPanels
      (br_if $rowsDone (i32.ge_u (local.get $ir) (local.get $mc)))
      (local.set $jr (i32.const 0))
      (block $colsDone (loop $colPanels
        (br_if $colsDone (i32.ge_u (local.get $jr) (local.get $nc)))
        ${accs.map((name) => `(local.set ${name} (v128.const i64x2 0 0))`).join('\n        ')}
        (local.set $ap (i32.add (local.get $aPack) (i32.mul (local.get $ir) (i32.mul (local.get $kc) (i32.const ${s.elem})))))
        (local.set $bp (i32.add (local.get $bPack) (i32.mul (local.get $jr) (local.get $bPanel))))
        (local.set $p (local.get $kc))
        (block $kDone (loop $k
          (br_if $kDone (i32.eqz (local.get $p)))
          ${kStep.join('\n          ')}
          (local.set $ap (i32.add (local.get $ap) (i32.const ${aRow})))
          (local.set $bp (i32.add (local.get $bp) (local.get $bRow)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $k)))
        (local.set $rows (i32.sub (local.get $mc) (local.get $ir)))
        (local.set $cols (i32.sub (local.get $nc) (local.get $jr)))
        (local.set $crow (i32.add (local.get $c)
          (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (i32.mul (local.get $jr) (i32.const ${s.elem})))))
        (if (i32.and (i32.ge_u (local.get $rows) (i32.const ${MR})) (i32.ge_u (local.get $cols) (i32.const ${s.nr})))
          (then
            ${fullStore.join('\n            ')})
          (else
            ${spill.join('\n            ')}
            (if (i32.gt_u (local.get $rows) (i32.const ${MR})) (then (local.set $rows (i32.const ${MR}))))
            (if (i32.gt_u (local.get $cols) (i32.const ${s.nr})) (then (local.set $cols (i32.const ${s.nr}))))
            (local.set $r (i32.const 0))
            (block $edgeRowsDone (loop $edgeRows
              (br_if $edgeRowsDone (i32.ge_u (local.get $r) (local.get $rows)))
              (local.set $j (i32.const 0))
              (block $edgeColsDone (loop $edgeCols
                (br_if $edgeColsDone (i32.ge_u (local.get $j) (local.get $cols)))
                (local.set $src (i32.add (local.get $tile) (i32.add (i32.mul (local.get $r) (i32.const 32)) (i32.mul (local.get $j) (i32.const ${s.elem})))))
                (local.set $dst (i32.add (local.get $crow) (i32.add (i32.mul (local.get $r) (local.get $ldc)) (i32.mul (local.get $j) (i32.const ${s.elem})))))
                (if (local.get $betaZero)
                  (then (${s.scalarStore} (local.get $dst) (${s.scalar}.mul (local.get $alpha) (${s.scalarLoad} (local.get $src)))))
                  (else (${s.scalarStore} (local.get $dst)
                    (${s.scalar}.add (${s.scalar}.mul (local.get $alpha) (${s.scalarLoad} (local.get $src)))
                      (${s.scalar}.mul (local.get $beta) (${s.scalarLoad} (local.get $dst)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $edgeCols)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $edgeRows)))))
        (local.set $jr (i32.add (local.get $jr) (i32.const ${s.nr})))
        (br $colPanels)))
      (local.set $ir (i32.add (local.get $ir) (i32.const ${MR})))
      (br $rowPanels)))
  )`;
}

/** The whole module: kernels over an imported shared memory (the run's SharedArrayBuffer). */
export function kernelsWat({ relaxed }) {
  return `(module
  (import "env" "memory" (memory 1 65536 shared))
  ${blockKernel('f32', relaxed)}
  ${blockKernel('f64', relaxed)}
  ${updateWat()}
  ${packWat()}
  ${layerWat()}
)`;
}

export const GEMM_TILE = { MR, NR_F32: SHAPES.f32.nr, NR_F64: SHAPES.f64.nr };
