// Generates the WebAssembly text of the per-layer elementwise kernels, one pass over memory each:
//   bias_act_<t>(z, rows, cols, ldz, b, act, negativeSlope, input)
//     z[r][j] = act(z[r][j] + b[j]) for a rows × cols block of z (row stride ldz bytes), and for an
//     activation that saves its input, input[r][j] = z[r][j] + b[j] (same strides);
//   act_backward_<t>(saved, g, rows, cols, act, negativeSlope, db)
//     g[r][j] *= act'(saved[r][j]) over contiguous rows × cols (saved: the activation's output or
//     input, as it says), and db[j] = Σ_r g[r][j] (the bias gradient of the layer below, summed in
//     row order as the TypeScript columnSums does);
//   gather_rows(x, order, rows, rowBytes, dst)
//     dst row r = x row order[r]: the feature rows of a shuffled batch, one memory.copy each.
// Pointers are byte offsets; `act` is an activation's code (activation-wat.mjs, exported as the
// globals activation_<name>); an unknown code traps. Activations in native lanes (identity, relu)
// give the TypeScript kernels' results bit for bit; the others run in f64x2 lanes, on float32
// values promoted after the bias is added in float32 (as the TypeScript kernels round the sum when
// they store it), so float32 results are the TypeScript kernels' except on rare exact rounding ties
// and float64 results are within a few ulp of them (tested in wasm-layer-kernels.test.ts).

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

import { activationWat, chainLocals, L, set, WAT_ACTIVATIONS } from './activation-wat.mjs';

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

/** The `act` dispatch: each activation's loop in turn, and a trap for a code that has none. */
function dispatch(loops) {
  return `(block $done
      ${Object.keys(WAT_ACTIVATIONS)
        .map(
          (name) =>
            `(if (i32.eq (local.get $act) (i32.const ${activationWat(name).code})) (then ${loops(activationWat(name))} (br $done)))`,
        )
        .join('\n      ')}
      (unreachable))`;
}

function biasAct(type, t) {
  const nat = t.native;
  // $zr walks z, $row2 walks the kept inputs (same strides).
  const native = (forward, keep) =>
    rowsLoop(t, t.width, ({ one }) => {
      const load = one ? t.loadOne : (p) => `(v128.load ${p})`;
      const store = one ? t.storeOne : (p, v) => `(v128.store ${p} ${v})`;
      return `(local.set $v (${nat}.add ${load(at('$zr'))} ${load(at('$b'))}))
        ${keep ? store(at('$row2'), '(local.get $v)') : ''}
        ${store(at('$zr'), forward(nat, '(local.get $v)'))}`;
    });
  // Four elements per step in two f64x2 chains (a, b); the tail one at a time in chain a.
  const wide = (math, keep) =>
    rowsLoop(t, 4, ({ one }) => {
      if (one) {
        const sum = `(${nat}.add ${t.loadOne(at('$zr'))} ${t.loadOne(at('$b'))})`;
        return `(local.set $v ${sum})
        ${keep ? t.storeOne(at('$row2'), '(local.get $v)') : ''}
        ${set('a', 'z', type === 'f32' ? '(f64x2.promote_low_f32x4 (local.get $v))' : '(local.get $v)')}
        ${math('a')}
        ${t.storeWideOne(at('$zr'), L('a', 'res'))}`;
      }
      if (type === 'f32') {
        const high = '(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))';
        const both = `(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero ${L('a', 'res')}) (f32x4.demote_f64x2_zero ${L('b', 'res')}))`;
        return `(local.set $v (f32x4.add (v128.load ${at('$zr')}) (v128.load ${at('$b')})))
        ${keep ? `(v128.store ${at('$row2')} (local.get $v))` : ''}
        ${set('a', 'z', '(f64x2.promote_low_f32x4 (local.get $v))')}
        ${set('b', 'z', `(f64x2.promote_low_f32x4 ${high})`)}
        ${math('a')}
        ${math('b')}
        (v128.store ${at('$zr')} ${both})`;
      }
      return `${set('a', 'z', `(f64x2.add (v128.load ${at('$zr')}) (v128.load ${at('$b')}))`)}
        ${set('b', 'z', `(f64x2.add (v128.load offset=16 ${at('$zr')}) (v128.load offset=16 ${at('$b')}))`)}
        ${keep ? `(v128.store ${at('$row2')} ${L('a', 'z')}) (v128.store offset=16 ${at('$row2')} ${L('b', 'z')})` : ''}
        ${math('a')}
        ${math('b')}
        (v128.store ${at('$zr')} ${L('a', 'res')})
        (v128.store offset=16 ${at('$zr')} ${L('b', 'res')})`;
    });
  const loops = ({ forward, saves }) =>
    forward.native ? native(forward.native, saves === 'input') : wide(forward.wide, saves === 'input');
  return `
  (func (export "bias_act_${type}") (param $z i32) (param $rows i32) (param $cols i32) (param $ldz i32)
    (param $b i32) (param $act i32) (param $negativeSlope f64) (param $input i32)
    (local $r i32) (local $j i32) (local $at i32) (local $zr i32) (local $row2 i32) (local $ld2 i32) (local $v v128)
    (local $slope v128)
    ${chainLocals(['a', 'b'])}
    (local.set $slope (f64x2.splat (local.get $negativeSlope)))
    (local.set $zr (local.get $z))
    (local.set $row2 (local.get $input))
    (local.set $ld2 (local.get $ldz))
    ${dispatch(loops)})`;
}

function actBackward(type, t) {
  const nat = t.native;
  // $zr walks g, $row2 walks the saved values; both contiguous (stride cols). db accumulates in
  // native lanes. `width` elements of db: a whole vector, a pair (the f64-lane loops) or one.
  const sumInto = (width, value) => {
    const load = width === 1 ? t.loadOne : width === 2 ? t.loadPair : (p) => `(v128.load ${p})`;
    const store = width === 1 ? t.storeOne : width === 2 ? t.storePair : (p, v) => `(v128.store ${p} ${v})`;
    return store(at('$db'), `(${nat}.add ${load(at('$db'))} ${value})`);
  };
  const native = (backward) =>
    rowsLoop(t, t.width, ({ one }) => {
      const load = one ? t.loadOne : (p) => `(v128.load ${p})`;
      const store = one ? t.storeOne : (p, v) => `(v128.store ${p} ${v})`;
      return `(local.set $v ${backward(nat, load(at('$zr')), load(at('$row2')))})
        ${store(at('$zr'), '(local.get $v)')}
        ${sumInto(one ? 1 : t.width, '(local.get $v)')}`;
    });
  // g · act' in f64 lanes, two at a time, in the TypeScript kernel's order, rounded on store.
  const wide = (derivative) =>
    rowsLoop(t, 2, ({ one }) => {
      const load = one ? t.loadWideOne : t.loadWide;
      const store = one ? t.storeWideOne : t.storeWide;
      const reload = one ? t.loadOne : t.loadPair;
      const { code, value } = derivative(load(at('$zr')));
      return `(local.set $y ${load(at('$row2'))})
        ${code}
        ${store(at('$zr'), value)}
        ${sumInto(one ? 1 : 2, reload(at('$zr')))}`;
    });
  const loops = ({ backward }) => (backward.native ? native(backward.native) : wide(backward.wide));
  return `
  (func (export "act_backward_${type}") (param $saved i32) (param $g i32) (param $rows i32) (param $cols i32)
    (param $act i32) (param $negativeSlope f64) (param $db i32)
    (local $r i32) (local $j i32) (local $at i32) (local $zr i32) (local $row2 i32) (local $ldz i32) (local $ld2 i32)
    (local $v v128) (local $y v128) (local $slope v128)
    ${chainLocals(['a'])}
    (memory.fill (local.get $db) (i32.const 0) (i32.mul (local.get $cols) (i32.const ${t.elem})))
    (local.set $slope (f64x2.splat (local.get $negativeSlope)))
    (local.set $zr (local.get $g))
    (local.set $row2 (local.get $saved))
    (local.set $ldz (i32.mul (local.get $cols) (i32.const ${t.elem})))
    (local.set $ld2 (local.get $ldz))
    ${dispatch(loops)})`;
}

/** Each activation's code as an exported global, for the runtime to read (wasm-layer-kernels.ts). */
function activationCodes() {
  return Object.keys(WAT_ACTIVATIONS)
    .map((name) => `(global (export "activation_${name}") i32 (i32.const ${activationWat(name).code}))`)
    .join('\n  ');
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
    activationCodes(),
    gatherRows(),
    ...Object.entries(TYPES).flatMap(([type, t]) => [biasAct(type, t), actBackward(type, t)]),
  ].join('\n');
}
