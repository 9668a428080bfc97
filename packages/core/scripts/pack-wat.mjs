// Generates the WebAssembly text of the GEMM packing routines (see wasm-gemm.ts), one function per
// operand, layout (n: as stored, t: transposed) and dtype:
//   pack_a_<n|t>_<f32|f64>(src, ld, mc, kc, dst)   op(A) block, mc × kc, into panels of MR = 4 rows
//   pack_b_<n|t>_<f32|f64>(src, ld, kc, nc, dst)   op(B) block, kc × nc, into panels of NR columns
// src: byte address of the block's first element, op(X)[0, 0]; ld: the operand's row stride in
// bytes; mc, kc, nc: element counts; dst: byte address of the packed block. Panels follow each
// other, each laid out [kc][width] (width MR for A; NR = 8 f32 / 4 f64 for B: 32 bytes either
// way), the last one zero-padded past mc (nc). The source is read only inside the block.
//
// Both operands are the same problem: a panel of `width` lines, line j at byte step `stepJ` in
// the source and k at byte step `stepK`. Where a packed row is contiguous in the source (A
// transposed, B as stored) each k copies 16 or 32 bytes with v128 loads and stores. Otherwise (A
// as stored, B transposed) one vector along k is loaded from each of the panel's lines and 4 × 4
// (f32) or 2 × 2 (f64) blocks are transposed in registers, so every load and store is a full
// vector. A k tail shorter than a vector and a partial last panel take a scalar path.

const TYPES = {
  f32: { elem: 4, load: 'f32.load', store: 'f32.store', zero: '(f32.const 0)' },
  f64: { elem: 8, load: 'f64.load', store: 'f64.store', zero: '(f64.const 0)' },
};
const MR = 4;
const NR_BYTES = 32;

/** i8x16.shuffle immediates selecting lanes of `bytes` each from the concatenation a ++ b. */
function shuffle(bytes, lanes, a, b) {
  const imm = lanes.flatMap((lane) => Array.from({ length: bytes }, (_, i) => lane * bytes + i));
  return `(i8x16.shuffle ${imm.join(' ')} ${a} ${b})`;
}
const get = (name) => `(local.get ${name})`;
const inc = (name, by) => `(local.set ${name} (i32.add (local.get ${name}) ${by}))`;

/**
 * Transposes the square block of vectors `rows` (L × L lanes, L = 16 / elem) and returns the
 * expressions of the L output vectors, output t holding lane t of every input row in order, and
 * the statements to compute them first (into the locals $t0..$t3).
 */
function transpose(elem, rows) {
  if (elem === 8) {
    const [r0, r1] = rows.map(get);
    return { setup: [], out: [shuffle(8, [0, 2], r0, r1), shuffle(8, [1, 3], r0, r1)] };
  }
  const [r0, r1, r2, r3] = rows.map(get);
  const setup = [
    `(local.set $t0 ${shuffle(4, [0, 4, 1, 5], r0, r1)})`, // a0 b0 a1 b1
    `(local.set $t1 ${shuffle(4, [2, 6, 3, 7], r0, r1)})`, // a2 b2 a3 b3
    `(local.set $t2 ${shuffle(4, [0, 4, 1, 5], r2, r3)})`, // c0 d0 c1 d1
    `(local.set $t3 ${shuffle(4, [2, 6, 3, 7], r2, r3)})`, // c2 d2 c3 d3
  ];
  const [t0, t1, t2, t3] = ['$t0', '$t1', '$t2', '$t3'].map(get);
  const out = [
    shuffle(8, [0, 2], t0, t2),
    shuffle(8, [1, 3], t0, t2),
    shuffle(8, [0, 2], t1, t3),
    shuffle(8, [1, 3], t1, t3),
  ];
  return { setup, out };
}

/** Parameters in the order of the exported signature; the bodies use $width for mc (nc). */
function params(operand) {
  const order =
    operand === 'a' ? ['$src', '$ld', '$width', '$kc', '$dst'] : ['$src', '$ld', '$kc', '$width', '$dst'];
  return order.map((name) => `(param ${name} i32)`).join(' ');
}

/**
 * The partial last panel, scalar: `w` = width - j lines (0 < w < width), then zeros. `line(i)` is
 * the address of line i at k = 0 and `next` the statements that step every line to the next k.
 */
function partialPanel(t, width, line, next) {
  const lines = [];
  for (let i = 0; i < width; i++) {
    lines.push(`(if (i32.gt_u (local.get $w) (i32.const ${i}))
          (then (${t.store} offset=${i * t.elem} (local.get $dst) (${t.load} ${line(i)})))
          (else (${t.store} offset=${i * t.elem} (local.get $dst) ${t.zero})))`);
  }
  return `(local.set $w (i32.sub (local.get $width) (local.get $j)))
    (if (local.get $w) (then
      (local.set $p (local.get $kc))
      (block $partialDone (loop $partial
        (br_if $partialDone (i32.eqz (local.get $p)))
        ${lines.join('\n        ')}
        ${next}
        ${inc('$dst', `(i32.const ${width * t.elem})`)}
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (br $partial)))))`;
}

/** A packed row is contiguous in the source: copy it per k (four k per iteration, then the rest). */
function contiguous(name, operand, t, width) {
  const rowBytes = width * t.elem; // 16 or 32
  const copy = (at) => {
    const parts = [];
    for (let o = 0; o < rowBytes; o += 16) {
      parts.push(`(v128.store offset=${at + o} (local.get $dst) (v128.load offset=${o} (local.get $s)))`);
    }
    return `${parts.join('\n        ')}\n        ${inc('$s', get('$ld'))}`;
  };
  const unrolled = [0, 1, 2, 3].map((r) => copy(r * rowBytes)).join('\n        ');
  return `
  (func (export "${name}") ${params(operand)}
    (local $j i32) (local $p i32) (local $s i32) (local $w i32)
    (local.set $j (i32.const 0))
    (block $fullDone (loop $full
      (br_if $fullDone (i32.gt_u (i32.add (local.get $j) (i32.const ${width})) (local.get $width)))
      (local.set $s (i32.add (local.get $src) (i32.mul (local.get $j) (i32.const ${t.elem}))))
      (local.set $p (local.get $kc))
      (block $by4Done (loop $by4
        (br_if $by4Done (i32.lt_u (local.get $p) (i32.const 4)))
        ${unrolled}
        ${inc('$dst', `(i32.const ${4 * rowBytes})`)}
        (local.set $p (i32.sub (local.get $p) (i32.const 4)))
        (br $by4)))
      (block $by1Done (loop $by1
        (br_if $by1Done (i32.eqz (local.get $p)))
        ${copy(0)}
        ${inc('$dst', `(i32.const ${rowBytes})`)}
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (br $by1)))
      ${inc('$j', `(i32.const ${width})`)}
      (br $full)))
    (local.set $s (i32.add (local.get $src) (i32.mul (local.get $j) (i32.const ${t.elem}))))
    ${partialPanel(t, width, (i) => `offset=${i * t.elem} (local.get $s)`, inc('$s', get('$ld')))}
  )`;
}

/** Lines are contiguous along k in the source: load a vector per line, transpose, store rows. */
function transposing(name, operand, t, width) {
  const lanes = 16 / t.elem;
  const rowBytes = width * t.elem; // 16 or 32
  const line = (i) => `$r${i}`;
  const vec = (i) => `$v${i}`;
  const locals = [];
  for (let i = 0; i < width; i++) locals.push(`(local ${line(i)} i32)`, `(local ${vec(i)} v128)`);
  const setLines = [];
  for (let i = 0; i < width; i++) {
    const base =
      i === 0
        ? `(i32.add (local.get $src) (i32.mul (local.get $j) (local.get $ld)))`
        : `(i32.add ${get(line(i - 1))} (local.get $ld))`;
    setLines.push(`(local.set ${line(i)} ${base})`);
  }
  const at = (i) => `(i32.add ${get(line(i))} (local.get $off))`;
  const vectorStep = [];
  for (let i = 0; i < width; i++) vectorStep.push(`(local.set ${vec(i)} (v128.load ${at(i)}))`);
  for (let g = 0; g < width / lanes; g++) {
    const rows = Array.from({ length: lanes }, (_, i) => vec(g * lanes + i));
    const { setup, out } = transpose(t.elem, rows);
    vectorStep.push(...setup);
    out.forEach((v, k) => {
      vectorStep.push(`(v128.store offset=${k * rowBytes + g * 16} (local.get $dst) ${v})`);
    });
  }
  const scalarStep = [];
  for (let i = 0; i < width; i++) {
    scalarStep.push(`(${t.store} offset=${i * t.elem} (local.get $dst) (${t.load} ${at(i)}))`);
  }
  return `
  (func (export "${name}") ${params(operand)}
    (local $j i32) (local $p i32) (local $off i32) (local $w i32)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    ${locals.join(' ')}
    (local.set $j (i32.const 0))
    (block $fullDone (loop $full
      (br_if $fullDone (i32.gt_u (i32.add (local.get $j) (i32.const ${width})) (local.get $width)))
      ${setLines.join('\n      ')}
      (local.set $off (i32.const 0))
      (local.set $p (local.get $kc))
      (block $vectorsDone (loop $vectors
        (br_if $vectorsDone (i32.lt_u (local.get $p) (i32.const ${lanes})))
        ${vectorStep.join('\n        ')}
        ${inc('$dst', `(i32.const ${lanes * rowBytes})`)}
        ${inc('$off', '(i32.const 16)')}
        (local.set $p (i32.sub (local.get $p) (i32.const ${lanes})))
        (br $vectors)))
      (block $tailDone (loop $tail
        (br_if $tailDone (i32.eqz (local.get $p)))
        ${scalarStep.join('\n        ')}
        ${inc('$dst', `(i32.const ${rowBytes})`)}
        ${inc('$off', `(i32.const ${t.elem})`)}
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (br $tail)))
      ${inc('$j', `(i32.const ${width})`)}
      (br $full)))
    ${setLines.join('\n    ')}
    (local.set $off (i32.const 0))
    ${partialPanel(t, width, (i) => at(i), inc('$off', `(i32.const ${t.elem})`))}
  )`;
}

/** The eight packing functions, to be placed inside the kernels module. */
export function packWat() {
  const out = [];
  for (const [dtype, t] of Object.entries(TYPES)) {
    const nr = NR_BYTES / t.elem;
    out.push(
      transposing(`pack_a_n_${dtype}`, 'a', t, MR),
      contiguous(`pack_a_t_${dtype}`, 'a', t, MR),
      contiguous(`pack_b_n_${dtype}`, 'b', t, nr),
      transposing(`pack_b_t_${dtype}`, 'b', t, nr),
    );
  }
  return out.join('\n');
}
