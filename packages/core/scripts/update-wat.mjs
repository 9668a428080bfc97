// Generates the WebAssembly text of the slice-wise gradient reduction and optimizer updates:
//   reduce_<t>(slot0, slotStride, weights, shards, from, to, out)
//   sgd_<t>(pOut, grad, pIn, from, to, lr, wd)
//   momentum_<t>(pOut, grad, vOut, pIn, vIn, from, to, lr, mu, wd, nesterov)
//   adam_<t>(pOut, grad, sOut, pIn, sIn, count, from, to, stepSize, scale, w1, oneMinusW1, beta2, w2, eps, wd, lerpFromStart)
// Pointers are byte offsets; indices are elements. Arithmetic runs in f64x2 lanes, two elements at
// a time, with f32 values promoted on load and rounded on store — exactly what the TypeScript
// kernels do with JavaScript numbers, so both backends give bit-identical updates.

const TYPES = {
  f32: {
    elem: 4,
    load2: (p) => `(f64x2.promote_low_f32x4 (v128.load64_zero ${p}))`,
    store2: (p, v) => `(v128.store64_lane 0 ${p} (f32x4.demote_f64x2_zero ${v}))`,
    load1: (p) => `(f64.promote_f32 (f32.load ${p}))`,
    store1: (p, v) => `(f32.store ${p} (f32.demote_f64 ${v}))`,
  },
  f64: {
    elem: 8,
    load2: (p) => `(v128.load ${p})`,
    store2: (p, v) => `(v128.store ${p} ${v})`,
    load1: (p) => `(f64.load ${p})`,
    store1: (p, v) => `(f64.store ${p} ${v})`,
  },
};

/** A loop over elements [from, to): `body(lanes)` with lanes 2 (vector) then 1 (odd tail). */
function elementLoop(t, body) {
  return `
    (local.set $i (local.get $from))
    (block $vdone (loop $v
      (br_if $vdone (i32.gt_s (i32.add (local.get $i) (i32.const 2)) (local.get $to)))
      (local.set $at (i32.mul (local.get $i) (i32.const ${t.elem})))
      ${body(2)}
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $v)))
    (if (i32.lt_s (local.get $i) (local.get $to)) (then
      (local.set $at (i32.mul (local.get $i) (i32.const ${t.elem})))
      ${body(1)}))`;
}

/** Arithmetic in one or two lanes: the same expression shape for f64 scalars and f64x2 vectors. */
function ops(lanes) {
  const v = lanes === 2;
  const op = (name) => (v ? `f64x2.${name}` : `f64.${name}`);
  return {
    add: (a, b) => `(${op('add')} ${a} ${b})`,
    sub: (a, b) => `(${op('sub')} ${a} ${b})`,
    mul: (a, b) => `(${op('mul')} ${a} ${b})`,
    div: (a, b) => `(${op('div')} ${a} ${b})`,
    sqrt: (a) => `(${op('sqrt')} ${a})`,
    k: (name) => (v ? `(f64x2.splat (local.get ${name}))` : `(local.get ${name})`),
    load: (t, base) => (v ? t.load2 : t.load1)(`(i32.add (local.get ${base}) (local.get $at))`),
    store: (t, base, value) =>
      (v ? t.store2 : t.store1)(`(i32.add (local.get ${base}) (local.get $at))`, value),
    local: (name) => `(local.get ${name}${v ? 'v' : 's'})`,
    set: (name, value) => `(local.set ${name}${v ? 'v' : 's'} ${value})`,
  };
}

function reduce(type, t) {
  // out = Σ_s w_s · slot_s, shard by shard in order, the running sum stored between shards (as the
  // TypeScript kernel does), skipping shards of weight 0.
  return `
  (func (export "reduce_${type}") (param $slot0 i32) (param $stride i32) (param $weights i32) (param $shards i32)
    (param $from i32) (param $to i32) (param $out i32)
    (local $s i32) (local $w f64) (local $first i32) (local $slot i32) (local $i i32) (local $at i32)
    (local.set $first (i32.const 1))
    (local.set $s (i32.const 0))
    (block $sdone (loop $shard
      (br_if $sdone (i32.ge_s (local.get $s) (local.get $shards)))
      (local.set $w (f64.load (i32.add (local.get $weights) (i32.shl (local.get $s) (i32.const 3)))))
      (if (f64.ne (local.get $w) (f64.const 0)) (then
        (local.set $slot (i32.add (local.get $slot0) (i32.mul (local.get $s) (local.get $stride))))
        (if (local.get $first)
          (then ${elementLoop(t, (lanes) => {
            const o = ops(lanes);
            return o.store(t, '$out', o.mul(o.k('$w'), o.load(t, '$slot')));
          })})
          (else ${elementLoop(t, (lanes) => {
            const o = ops(lanes);
            return o.store(t, '$out', o.add(o.load(t, '$out'), o.mul(o.k('$w'), o.load(t, '$slot'))));
          })}))
        (local.set $first (i32.const 0))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $shard)))
    (if (local.get $first) (then ${elementLoop(t, (lanes) => {
      const o = ops(lanes);
      return o.store(t, '$out', lanes === 2 ? '(f64x2.splat (f64.const 0))' : '(f64.const 0)');
    })})))`;
}

function sgd(type, t) {
  return `
  (func (export "sgd_${type}") (param $pOut i32) (param $grad i32) (param $pIn i32) (param $from i32) (param $to i32)
    (param $lr f64) (param $wd f64)
    (local $i i32) (local $at i32) (local $pv v128) (local $ps f64)
    ${elementLoop(t, (lanes) => {
      const o = ops(lanes);
      return `${o.set('$p', o.load(t, '$pIn'))}
      ${o.store(t, '$pOut', o.sub(o.local('$p'), o.mul(o.k('$lr'), o.add(o.load(t, '$grad'), o.mul(o.k('$wd'), o.local('$p'))))))}`;
    })})`;
}

function momentum(type, t) {
  return `
  (func (export "momentum_${type}") (param $pOut i32) (param $grad i32) (param $vOut i32) (param $pIn i32) (param $vIn i32)
    (param $from i32) (param $to i32) (param $lr f64) (param $mu f64) (param $wd f64) (param $nesterov i32)
    (local $i i32) (local $at i32) (local $pv v128) (local $ps f64) (local $gv v128) (local $gs f64) (local $vv v128) (local $vs f64)
    ${elementLoop(t, (lanes) => {
      const o = ops(lanes);
      return `${o.set('$p', o.load(t, '$pIn'))}
      ${o.set('$g', o.add(o.load(t, '$grad'), o.mul(o.k('$wd'), o.local('$p'))))}
      ${o.set('$v', o.add(o.mul(o.k('$mu'), o.load(t, '$vIn')), o.local('$g')))}
      ${o.store(t, '$vOut', o.local('$v'))}
      (if (local.get $nesterov)
        (then ${o.store(t, '$pOut', o.sub(o.local('$p'), o.mul(o.k('$lr'), o.add(o.local('$g'), o.mul(o.k('$mu'), o.local('$v'))))))})
        (else ${o.store(t, '$pOut', o.sub(o.local('$p'), o.mul(o.k('$lr'), o.local('$v'))))}))`;
    })})`;
}

function adam(type, t) {
  return `
  (func (export "adam_${type}") (param $pOut i32) (param $grad i32) (param $sOut i32) (param $pIn i32) (param $sIn i32)
    (param $count i32) (param $from i32) (param $to i32) (param $stepSize f64) (param $scale f64) (param $w1 f64)
    (param $oneMinusW1 f64) (param $beta2 f64) (param $w2 f64) (param $eps f64) (param $wd f64) (param $lerpFromStart i32)
    (local $i i32) (local $at i32) (local $second i32)
    (local $pv v128) (local $ps f64) (local $gv v128) (local $gs f64) (local $prevv v128) (local $prevs f64)
    (local $mv v128) (local $ms f64) (local $vv v128) (local $vs f64) (local $vIn i32) (local $vOut i32)
    ;; v lives count elements after m in both state buffers.
    (local.set $second (i32.mul (local.get $count) (i32.const ${t.elem})))
    (local.set $vIn (i32.add (local.get $sIn) (local.get $second)))
    (local.set $vOut (i32.add (local.get $sOut) (local.get $second)))
    ${elementLoop(t, (lanes) => {
      const o = ops(lanes);
      return `${o.set('$p', o.load(t, '$pIn'))}
      ${o.set('$g', o.add(o.load(t, '$grad'), o.mul(o.k('$wd'), o.local('$p'))))}
      ${o.set('$prev', o.load(t, '$sIn'))}
      (if (local.get $lerpFromStart)
        (then ${o.set('$m', o.add(o.local('$prev'), o.mul(o.k('$w1'), o.sub(o.local('$g'), o.local('$prev')))))})
        (else ${o.set('$m', o.sub(o.local('$g'), o.mul(o.sub(o.local('$g'), o.local('$prev')), o.k('$oneMinusW1'))))}))
      ${o.set('$v', o.add(o.mul(o.k('$beta2'), o.load(t, '$vIn')), o.mul(o.k('$w2'), o.mul(o.local('$g'), o.local('$g')))))}
      ${o.store(t, '$sOut', o.local('$m'))}
      ${o.store(t, '$vOut', o.local('$v'))}
      ${o.store(t, '$pOut', o.sub(o.local('$p'), o.mul(o.k('$stepSize'), o.div(o.local('$m'), o.add(o.div(o.sqrt(o.local('$v')), o.k('$scale')), o.k('$eps'))))))}`;
    })})`;
}

/** The update functions for both dtypes, to be placed inside the kernels module. */
export function updateWat() {
  return Object.entries(TYPES)
    .map(([type, t]) => [reduce(type, t), sgd(type, t), momentum(type, t), adam(type, t)].join('\n'))
    .join('\n');
}
