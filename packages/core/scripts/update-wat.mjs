// Generates the WebAssembly text of the slice-wise gradient reduction and optimizer updates:
//   reduce_<t>(slot0, slotStride, weights, shards, from, to, out)
//   <kind>_<t>(pOut, grad, sOut, pIn, sIn, count, from, to, c0 … c9)   one per optimizer kind
// Every optimizer kernel has that one signature: the buffers, the slice, then UPDATE_CONSTANTS
// float64 constants in the order the optimizer's TypeScript definition (src/optimizers/<kind>.ts)
// derives them; state slot k of element i sits at sIn/sOut + (k·count + i) elements.
// Pointers are byte offsets; indices are elements. Arithmetic runs in f64x2 lanes, two elements at
// a time, with f32 values promoted on load and rounded on store — exactly what the TypeScript
// kernels do with JavaScript numbers, so both backends give bit-identical updates.
import { readFileSync } from 'node:fs';

/** As UPDATE_CONSTANTS in src/optimizers/optimizer-definition.ts. */
const UPDATE_CONSTANTS = 10;

/** The optimizer names, read from the one list of them (src/optimizers/optimizer-kinds.ts). */
function optimizerKinds() {
  const file = new URL('../src/optimizers/optimizer-kinds.ts', import.meta.url);
  const list = /OPTIMIZER_KINDS = \[([^\]]*)\] as const/.exec(readFileSync(file, 'utf8'));
  if (!list) throw new Error(`${file.pathname}: no "OPTIMIZER_KINDS = [...] as const" list to read`);
  return [...list[1].matchAll(/'([a-z0-9]+)'/g)].map((match) => match[1]);
}

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

/**
 * One optimizer kernel: the shared signature with the kind's constants named (the rest padded as
 * unused), its f64/v128 locals, and its element loop.
 */
function updateKernel(kind, type, t, { constants, locals, prologue = '', element }) {
  if (constants.length > UPDATE_CONSTANTS) {
    throw new Error(
      `optimizer "${kind}": ${constants.length} constants, the signature has ${UPDATE_CONSTANTS}`,
    );
  }
  const names = [...constants];
  while (names.length < UPDATE_CONSTANTS) names.push(`$unused${names.length}`);
  const lanes = locals.map((name) => `(local ${name}v v128) (local ${name}s f64)`).join(' ');
  return `
  (func (export "${kind}_${type}") (param $pOut i32) (param $grad i32) (param $sOut i32) (param $pIn i32) (param $sIn i32)
    (param $count i32) (param $from i32) (param $to i32)
    ${names.map((name) => `(param ${name} f64)`).join(' ')}
    (local $i i32) (local $at i32) (local $vIn i32) (local $vOut i32) ${lanes}
    ${prologue}
    ${elementLoop(t, (n) => element(ops(n), t, n))})`;
}

/** p ← p − lr·(g + λ·p). */
const SGD = {
  constants: ['$lr', '$wd'],
  locals: ['$p'],
  element: (o, t) => `${o.set('$p', o.load(t, '$pIn'))}
      ${o.store(t, '$pOut', o.sub(o.local('$p'), o.mul(o.k('$lr'), o.add(o.load(t, '$grad'), o.mul(o.k('$wd'), o.local('$p'))))))}`,
};

/** g' = g + λ·p; v ← μ·v + g'; p ← p − lr·v (or lr·(g' + μ·v) with Nesterov). Velocity in state slot 0. */
const MOMENTUM = {
  constants: ['$lr', '$mu', '$wd', '$nesterov'],
  locals: ['$p', '$g', '$v'],
  element: (o, t) => `${o.set('$p', o.load(t, '$pIn'))}
      ${o.set('$g', o.add(o.load(t, '$grad'), o.mul(o.k('$wd'), o.local('$p'))))}
      ${o.set('$v', o.add(o.mul(o.k('$mu'), o.load(t, '$sIn')), o.local('$g')))}
      ${o.store(t, '$sOut', o.local('$v'))}
      (if (f64.ne (local.get $nesterov) (f64.const 0))
        (then ${o.store(t, '$pOut', o.sub(o.local('$p'), o.mul(o.k('$lr'), o.add(o.local('$g'), o.mul(o.k('$mu'), o.local('$v'))))))})
        (else ${o.store(t, '$pOut', o.sub(o.local('$p'), o.mul(o.k('$lr'), o.local('$v'))))}))`,
};

/** Adam and AdamW (src/optimizers/adam.ts): m in state slot 0, v in slot 1. */
const ADAM = {
  constants: [
    '$stepSize',
    '$scale',
    '$w1',
    '$oneMinusW1',
    '$beta2',
    '$w2',
    '$eps',
    '$coupledWd',
    '$paramFactor',
    '$lerpFromStart',
  ],
  locals: ['$p', '$g', '$prev', '$m', '$v'],
  // v lives count elements after m in both state buffers.
  prologue: (t) => `
    (local.set $vIn (i32.add (local.get $sIn) (i32.mul (local.get $count) (i32.const ${t.elem}))))
    (local.set $vOut (i32.add (local.get $sOut) (i32.mul (local.get $count) (i32.const ${t.elem}))))`,
  element: (o, t) => `${o.set('$p', o.load(t, '$pIn'))}
      ${o.set('$g', o.add(o.load(t, '$grad'), o.mul(o.k('$coupledWd'), o.local('$p'))))}
      ${o.set('$prev', o.load(t, '$sIn'))}
      (if (f64.ne (local.get $lerpFromStart) (f64.const 0))
        (then ${o.set('$m', o.add(o.local('$prev'), o.mul(o.k('$w1'), o.sub(o.local('$g'), o.local('$prev')))))})
        (else ${o.set('$m', o.sub(o.local('$g'), o.mul(o.sub(o.local('$g'), o.local('$prev')), o.k('$oneMinusW1'))))}))
      ${o.set('$v', o.add(o.mul(o.k('$beta2'), o.load(t, '$vIn')), o.mul(o.k('$w2'), o.mul(o.local('$g'), o.local('$g')))))}
      ${o.store(t, '$sOut', o.local('$m'))}
      ${o.store(t, '$vOut', o.local('$v'))}
      ${o.store(t, '$pOut', o.sub(o.mul(o.local('$p'), o.k('$paramFactor')), o.mul(o.k('$stepSize'), o.div(o.local('$m'), o.add(o.div(o.sqrt(o.local('$v')), o.k('$scale')), o.k('$eps'))))))}`,
};

/** Each optimizer's WebAssembly code, by kind (AdamW is Adam with other constants). */
const OPTIMIZER_KERNELS = { sgd: SGD, momentum: MOMENTUM, adam: ADAM, adamw: ADAM };

/**
 * The update functions for both dtypes, to be placed inside the kernels module: the reduction and
 * one kernel per optimizer in `kinds` (by default, every one). Throws for a kind without code.
 */
export function updateWat(kinds = optimizerKinds()) {
  for (const kind of kinds) {
    if (!Object.hasOwn(OPTIMIZER_KERNELS, kind)) {
      throw new Error(
        `optimizer "${kind}" has no WebAssembly code: add it to OPTIMIZER_KERNELS in scripts/update-wat.mjs`,
      );
    }
  }
  return Object.entries(TYPES)
    .map(([type, t]) =>
      [
        reduce(type, t),
        ...kinds.map((kind) => {
          const spec = OPTIMIZER_KERNELS[kind];
          return updateKernel(kind, type, t, { ...spec, prologue: spec.prologue ? spec.prologue(t) : '' });
        }),
      ].join('\n'),
    )
    .join('\n');
}
