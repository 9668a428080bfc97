// Generates the WebAssembly text of the per-layer elementwise kernels, one pass over memory each:
//   bias_act_<t>(z, rows, cols, ldz, b, act)
//     z[r][j] = act(z[r][j] + b[j]) for a rows × cols block of z (row stride ldz bytes);
//   act_backward_<t>(a, g, rows, cols, act, db)
//     g[r][j] *= act'(a[r][j]) over contiguous rows × cols, and db[j] = Σ_r g[r][j] (the bias
//     gradient of the layer below, summed in row order as the TypeScript columnSums does);
//   gather_rows(x, order, rows, rowBytes, dst)
//     dst row r = x row order[r]: the feature rows of a shuffled batch, one memory.copy each.
// Pointers are byte offsets; act is 0 identity, 1 relu, 2 sigmoid, 3 tanh (see ACTIVATION_CODES in
// wasm-layer-kernels.ts). Identity and relu run in native lanes. Sigmoid and tanh run in f64x2
// lanes, on float32 values promoted after the bias is added in float32 (as the TypeScript kernels
// round the sum when they store it): so float32 results are those of JavaScript's Math.exp and
// Math.tanh rounded to float32 except on the rare exact rounding ties, and float64 results are
// within 2 ulp of them (tested in wasm-layer-kernels.test.ts).

const TYPES = {
  f32: {
    elem: 4,
    native: 'f32x4',
    width: 4,
    loadOne: (p) => `(v128.load32_zero ${p})`,
    storeOne: (p, v) => `(v128.store32_lane 0 ${p} ${v})`,
    // Two elements in f64 lanes.
    loadWide: (p) => `(f64x2.promote_low_f32x4 (v128.load64_zero ${p}))`,
    storeWide: (p, v) => `(v128.store64_lane 0 ${p} (f32x4.demote_f64x2_zero ${v}))`,
    loadWideOne: (p) => `(f64x2.promote_low_f32x4 (v128.load32_zero ${p}))`,
    storeWideOne: (p, v) => `(v128.store32_lane 0 ${p} (f32x4.demote_f64x2_zero ${v}))`,
    // Two elements in native lanes, for the bias add before the f64 activation.
    loadPair: (p) => `(v128.load64_zero ${p})`,
    storePair: (p, v) => `(v128.store64_lane 0 ${p} ${v})`,
  },
  f64: {
    elem: 8,
    native: 'f64x2',
    width: 2,
    loadOne: (p) => `(v128.load64_zero ${p})`,
    storeOne: (p, v) => `(v128.store64_lane 0 ${p} ${v})`,
    loadWide: (p) => `(v128.load ${p})`,
    storeWide: (p, v) => `(v128.store ${p} ${v})`,
    loadWideOne: (p) => `(v128.load64_zero ${p})`,
    storeWideOne: (p, v) => `(v128.store64_lane 0 ${p} ${v})`,
    loadPair: (p) => `(v128.load ${p})`,
    storePair: (p, v) => `(v128.store ${p} ${v})`,
  },
};

const ACT = { identity: 0, relu: 1, sigmoid: 2, tanh: 3 };

const f64 = (x) => `(f64x2.splat (f64.const ${x}))`;

// exp and expm1 in f64x2 lanes. Range reduction x = k·ln2 + r with |r| ≤ ln2/2 (ln2 split in two,
// fdlibm's constants, so k·LN2_HI is exact), then expm1(r) by its Taylor series to r^13 (truncation
// below 2^-56 relative).
const LN2_HI = '6.93147180369123816490e-01';
const LN2_LO = '1.90821492927058770002e-10';
const INV_LN2 = '1.44269504088896338700e+00';
const TAYLOR = Array.from({ length: 12 }, (_, i) => {
  let f = 1;
  for (let n = 2; n <= i + 2; n++) f *= n;
  return 1 / f; // 1/2!, 1/3!, …, 1/13!
});

const mul = (a, b) => `(f64x2.mul ${a} ${b})`;
const add = (a, b) => `(f64x2.add ${a} ${b})`;

/** The local `name` of math chain `p`: two chains (a, b) interleave so their latencies overlap. */
const L = (p, name) => `(local.get $${p}_${name})`;
const set = (p, name, value) => `(local.set $${p}_${name} ${value})`;
const CHAIN_LOCALS = ['z', 'x', 'k', 'r', 'r2', 'r4', 'q', 'p', 'ki', 'k1', 's', 't', 'u', 'lt', 'res'];
const chainLocals = (chains) =>
  chains.flatMap((p) => CHAIN_LOCALS.map((name) => `(local $${p}_${name} v128)`)).join(' ');

/**
 * r, k and p = expm1(r) for x (already clamped) in chain p: x = k·ln2 + r with |r| ≤ ln2/2, then
 * the series by Estrin's scheme (pairs, then pairs of pairs by r², r⁴, r⁸): a dependency chain a
 * third as long as Horner's.
 */
function reduce(p) {
  const pair = (i) => add(f64(TAYLOR[2 * i]), mul(f64(TAYLOR[2 * i + 1]), L(p, 'r')));
  const quad = (j) => add(pair(2 * j), mul(pair(2 * j + 1), L(p, 'r2')));
  return `${set(p, 'k', `(f64x2.nearest ${mul(L(p, 'x'), f64(INV_LN2))})`)}
    ${set(p, 'r', `(f64x2.sub (f64x2.sub ${L(p, 'x')} ${mul(L(p, 'k'), f64(LN2_HI))}) ${mul(L(p, 'k'), f64(LN2_LO))})`)}
    ${set(p, 'r2', mul(L(p, 'r'), L(p, 'r')))}
    ${set(p, 'r4', mul(L(p, 'r2'), L(p, 'r2')))}
    ${set(p, 'q', add(add(quad(0), mul(quad(1), L(p, 'r4'))), mul(quad(2), mul(L(p, 'r4'), L(p, 'r4')))))}
    ${set(p, 'p', add(L(p, 'r'), mul(L(p, 'r2'), L(p, 'q'))))}
    ${set(p, 'ki', `(i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero ${L(p, 'k')}))`)}`;
}

const pow2 = (e) => `(i64x2.shl (i64x2.add ${e} (i64x2.splat (i64.const 1023))) (i32.const 52))`;

/**
 * sigmoid(z) = 1 / (1 + exp(−z)), the TypeScript kernel's formula, from $p_z into $p_res. exp is
 * taken at −z clamped to [-746, 710] (beyond, it is 0 or +inf anyway; NaN passes through), with
 * 2^k applied as two factors so that it may be subnormal.
 */
function sigmoid(p) {
  const e = mul(
    mul(add(L(p, 'p'), f64(1)), pow2(L(p, 'k1'))),
    pow2(`(i64x2.sub ${L(p, 'ki')} ${L(p, 'k1')})`),
  );
  return `${set(p, 'x', `(f64x2.pmin (f64x2.pmax (f64x2.neg ${L(p, 'z')}) ${f64(-746)}) ${f64(710)})`)}
    ${reduce(p)}
    ${set(p, 'k1', `(i64x2.shr_s ${L(p, 'ki')} (i32.const 1))`)}
    ${set(p, 'res', `(f64x2.div ${f64(1)} ${add(f64(1), e)})`)}`;
}

/**
 * tanh(|z|) = −t / (t + 2) with t = expm1(−2|z|) below 1 (no cancellation near 0), and
 * 1 − 2u / (1 + u) with u = exp(−2|z|) from 1 on (fdlibm's split), one division serving both;
 * the sign of z restored. With x = −2|z| clamped at −40 (where tanh is 1 to double precision):
 * expm1(x) = 2^k·p + (2^k − 1) and exp(x) = 2^k·(p + 1), both from the one reduction.
 */
function tanh(p) {
  const pick = (below, above) => `(v128.bitselect ${below} ${above} ${L(p, 'lt')})`;
  const sign = '(v128.const i64x2 0x8000000000000000 0x8000000000000000)';
  return `${set(p, 'x', `(f64x2.pmax ${mul(`(f64x2.abs ${L(p, 'z')})`, f64(-2))} ${f64(-40)})`)}
    ${reduce(p)}
    ${set(p, 's', pow2(L(p, 'ki')))}
    ${set(p, 't', add(mul(L(p, 's'), L(p, 'p')), `(f64x2.sub ${L(p, 's')} ${f64(1)})`))}
    ${set(p, 'u', mul(L(p, 's'), add(L(p, 'p'), f64(1))))}
    ${set(p, 'lt', `(f64x2.lt (f64x2.abs ${L(p, 'z')}) ${f64(1)})`)}
    ${set(p, 'q', `(f64x2.div ${pick(`(f64x2.neg ${L(p, 't')})`, add(L(p, 'u'), L(p, 'u')))} ${pick(add(L(p, 't'), f64(2)), add(f64(1), L(p, 'u')))})`)}
    ${set(p, 'res', `(v128.bitselect ${L(p, 'z')} ${pick(L(p, 'q'), `(f64x2.sub ${f64(1)} ${L(p, 'q')})`)} ${sign})`)}`;
}

/**
 * Loops over the rows × cols block: `body(v)` for vectors of `width` elements, then for the tail
 * one element at a time with v.one = true. $zr and $row2 walk the rows (strides $ldz / $ld2).
 */
function rowsLoop(t, width, body) {
  return `
    (local.set $r (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $vecDone (loop $vec
        (br_if $vecDone (i32.gt_u (i32.add (local.get $j) (i32.const ${width})) (local.get $cols)))
        (local.set $at (i32.mul (local.get $j) (i32.const ${t.elem})))
        ${body({ one: false })}
        (local.set $j (i32.add (local.get $j) (i32.const ${width})))
        (br $vec)))
      (block $tailDone (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $j) (local.get $cols)))
        (local.set $at (i32.mul (local.get $j) (i32.const ${t.elem})))
        ${body({ one: true })}
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tail)))
      (local.set $zr (i32.add (local.get $zr) (local.get $ldz)))
      (local.set $row2 (i32.add (local.get $row2) (local.get $ld2)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))`;
}

const at = (base) => `(i32.add (local.get ${base}) (local.get $at))`;

function biasAct(type, t) {
  const nat = t.native;
  const native = (relu) =>
    rowsLoop(t, t.width, ({ one }) => {
      const load = one ? t.loadOne : (p) => `(v128.load ${p})`;
      const store = one ? t.storeOne : (p, v) => `(v128.store ${p} ${v})`;
      const sum = `(${nat}.add ${load(at('$zr'))} ${load(at('$b'))})`;
      if (!relu) return store(at('$zr'), sum);
      return `(local.set $v ${sum})
        ${store(at('$zr'), `(v128.and (local.get $v) (${nat}.gt (local.get $v) (v128.const i64x2 0 0)))`)}`;
    });
  // Four elements per step in two f64x2 chains (a, b); the tail one at a time in chain a.
  const wide = (math) =>
    rowsLoop(t, 4, ({ one }) => {
      if (one) {
        const sum = `(${nat}.add ${t.loadOne(at('$zr'))} ${t.loadOne(at('$b'))})`;
        return `${set('a', 'z', type === 'f32' ? `(f64x2.promote_low_f32x4 ${sum})` : sum)}
        ${math('a')}
        ${t.storeWideOne(at('$zr'), L('a', 'res'))}`;
      }
      if (type === 'f32') {
        const high = '(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))';
        const both = `(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero ${L('a', 'res')}) (f32x4.demote_f64x2_zero ${L('b', 'res')}))`;
        return `(local.set $v (f32x4.add (v128.load ${at('$zr')}) (v128.load ${at('$b')})))
        ${set('a', 'z', '(f64x2.promote_low_f32x4 (local.get $v))')}
        ${set('b', 'z', `(f64x2.promote_low_f32x4 ${high})`)}
        ${math('a')}
        ${math('b')}
        (v128.store ${at('$zr')} ${both})`;
      }
      return `${set('a', 'z', `(f64x2.add (v128.load ${at('$zr')}) (v128.load ${at('$b')}))`)}
        ${set('b', 'z', `(f64x2.add (v128.load offset=16 ${at('$zr')}) (v128.load offset=16 ${at('$b')}))`)}
        ${math('a')}
        ${math('b')}
        (v128.store ${at('$zr')} ${L('a', 'res')})
        (v128.store offset=16 ${at('$zr')} ${L('b', 'res')})`;
    });
  return `
  (func (export "bias_act_${type}") (param $z i32) (param $rows i32) (param $cols i32) (param $ldz i32)
    (param $b i32) (param $act i32)
    (local $r i32) (local $j i32) (local $at i32) (local $zr i32) (local $row2 i32) (local $ld2 i32) (local $v v128)
    ${chainLocals(['a', 'b'])}
    (local.set $zr (local.get $z))
    (block $done
      (if (i32.eq (local.get $act) (i32.const ${ACT.identity})) (then ${native(false)} (br $done)))
      (if (i32.eq (local.get $act) (i32.const ${ACT.relu})) (then ${native(true)} (br $done)))
      (if (i32.eq (local.get $act) (i32.const ${ACT.sigmoid})) (then ${wide(sigmoid)} (br $done)))
      ${wide(tanh)}))`;
}

function actBackward(type, t) {
  const nat = t.native;
  // $zr walks g, $row2 walks a; both contiguous (stride cols). db accumulates in native lanes.
  // `width` elements of db: a whole vector, a pair (the f64-lane loops) or one.
  const sumInto = (width, value) => {
    const load = width === 1 ? t.loadOne : width === 2 ? t.loadPair : (p) => `(v128.load ${p})`;
    const store = width === 1 ? t.storeOne : width === 2 ? t.storePair : (p, v) => `(v128.store ${p} ${v})`;
    return store(at('$db'), `(${nat}.add ${load(at('$db'))} ${value})`);
  };
  const relu = rowsLoop(t, t.width, ({ one }) => {
    const load = one ? t.loadOne : (p) => `(v128.load ${p})`;
    const store = one ? t.storeOne : (p, v) => `(v128.store ${p} ${v})`;
    return `(local.set $v (v128.and ${load(at('$zr'))} (${nat}.gt ${load(at('$row2'))} (v128.const i64x2 0 0))))
        ${store(at('$zr'), '(local.get $v)')}
        ${sumInto(one ? 1 : t.width, '(local.get $v)')}`;
  });
  // g · (1 − y²) and (g · y) · (1 − y) in f64, in the TypeScript kernel's order, rounded on store.
  const wide = (derivative) =>
    rowsLoop(t, 2, ({ one }) => {
      const load = one ? t.loadWideOne : t.loadWide;
      const store = one ? t.storeWideOne : t.storeWide;
      const reload = one ? t.loadOne : t.loadPair;
      return `(local.set $y ${load(at('$row2'))})
        ${store(at('$zr'), derivative(load(at('$zr'))))}
        ${sumInto(one ? 1 : 2, reload(at('$zr')))}`;
    });
  const one = f64(1);
  return `
  (func (export "act_backward_${type}") (param $a i32) (param $g i32) (param $rows i32) (param $cols i32)
    (param $act i32) (param $db i32)
    (local $r i32) (local $j i32) (local $at i32) (local $zr i32) (local $row2 i32) (local $ldz i32) (local $ld2 i32)
    (local $v v128) (local $y v128)
    (memory.fill (local.get $db) (i32.const 0) (i32.mul (local.get $cols) (i32.const ${t.elem})))
    (local.set $zr (local.get $g))
    (local.set $row2 (local.get $a))
    (local.set $ldz (i32.mul (local.get $cols) (i32.const ${t.elem})))
    (local.set $ld2 (local.get $ldz))
    (block $done
      (if (i32.eq (local.get $act) (i32.const ${ACT.relu})) (then ${relu} (br $done)))
      (if (i32.eq (local.get $act) (i32.const ${ACT.sigmoid})) (then
        ${wide((g) => `(f64x2.mul (f64x2.mul ${g} (local.get $y)) (f64x2.sub ${one} (local.get $y)))`)}
        (br $done)))
      ${wide((g) => `(f64x2.mul ${g} (f64x2.sub ${one} (f64x2.mul (local.get $y) (local.get $y))))`)}))`;
}

/** dst row r = x row order[r], for r < rows (rows of rowBytes bytes; order holds i32 row indices). */
function gatherRows() {
  return `
  (func (export "gather_rows") (param $x i32) (param $order i32) (param $rows i32) (param $rowBytes i32) (param $dst i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $order) (i32.shl (local.get $rows) (i32.const 2))))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $order) (local.get $end)))
      (memory.copy (local.get $dst)
        (i32.add (local.get $x) (i32.mul (i32.load (local.get $order)) (local.get $rowBytes)))
        (local.get $rowBytes))
      (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
      (local.set $order (i32.add (local.get $order) (i32.const 4)))
      (br $row))))`;
}

/** The layer kernels for both dtypes, to be placed inside the kernels module. */
export function layerWat() {
  return [
    gatherRows(),
    ...Object.entries(TYPES).flatMap(([type, t]) => [biasAct(type, t), actBackward(type, t)]),
  ].join('\n');
}

export const ACTIVATION_CODES = ACT;
