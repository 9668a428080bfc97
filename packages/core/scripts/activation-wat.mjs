// The activations of the layer kernels (layer-wat.mjs), one entry per name of core's
// ACTIVATION_TABLE (src/kernels/activations.ts), each with its forward and backward side by side:
//   code      the kernels' `act` argument; the module exports it as the global `activation_<name>`,
//             and the runtime (wasm-layer-kernels.ts) reads it from there, refusing to start when a
//             name of the TypeScript table has none;
//   saves     what the backward reads: the activation's output, or its input (kept by the forward);
//   forward   { native(nat, v) }: the result from the sum vector v, in the dtype's own lanes; or
//             { wide(p) }: math in f64x2 lanes from $p_z into $p_res (float32 promoted, rounded on
//             store: the TypeScript kernels' float64 arithmetic on JavaScript numbers);
//   backward  { native(nat, g, y) } likewise, or { wide(g) } → { code, value }: statements run on the
//             saved pair in $y (f64x2), then g times the derivative.
// The math mirrors src/kernels/activations.ts and gelu-math.ts operation for operation; only exp (and
// tanh) are this file's own, so results differ from Math.exp's by an ulp or two in float64.

const f64 = (x) => `(f64x2.splat (f64.const ${x}))`;
const mul = (a, b) => `(f64x2.mul ${a} ${b})`;
const add = (a, b) => `(f64x2.add ${a} ${b})`;
const sub = (a, b) => `(f64x2.sub ${a} ${b})`;
const div = (a, b) => `(f64x2.div ${a} ${b})`;
/** a where mask is set, else b. */
const pick = (a, b, mask) => `(v128.bitselect ${a} ${b} ${mask})`;

/** The local `name` of math chain `p`: two chains (a, b) interleave so their latencies overlap. */
export const L = (p, name) => `(local.get $${p}_${name})`;
export const set = (p, name, value) => `(local.set $${p}_${name} ${value})`;
const CHAIN_LOCALS = [
  ...['z', 'x', 'k', 'r', 'r2', 'r4', 'q', 'p', 'ki', 'k1', 's', 't', 'u', 'lt', 'res'],
  ...['st', 'zz', 'ya', 'pq', 'rs', 'h', 'e1', 'e2', 'c', 'cdf', 'ex', 'om'],
];
/** Declarations of every chain local for chains `chains`. */
export const chainLocals = (chains) =>
  chains.flatMap((p) => CHAIN_LOCALS.map((name) => `(local $${p}_${name} v128)`)).join(' ');

// exp in f64x2 lanes. Range reduction x = k·ln2 + r with |r| ≤ ln2/2 (ln2 split in two, fdlibm's
// constants, so k·LN2_HI is exact), then expm1(r) by its Taylor series to r^13 (truncation below
// 2^-56 relative).
const LN2_HI = '6.93147180369123816490e-01';
const LN2_LO = '1.90821492927058770002e-10';
const INV_LN2 = '1.44269504088896338700e+00';
const TAYLOR = Array.from({ length: 12 }, (_, i) => {
  let f = 1;
  for (let n = 2; n <= i + 2; n++) f *= n;
  return 1 / f; // 1/2!, 1/3!, …, 1/13!
});

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
 * $p_<dest> = exp(arg), arg clamped to [-746, 710] (beyond, exp is 0 or +inf anyway; NaN passes
 * through), with 2^k applied as two factors so that the result may be subnormal.
 */
function exp(p, dest, arg) {
  const e = mul(
    mul(add(L(p, 'p'), f64(1)), pow2(L(p, 'k1'))),
    pow2(`(i64x2.sub ${L(p, 'ki')} ${L(p, 'k1')})`),
  );
  return `${set(p, 'x', `(f64x2.pmin (f64x2.pmax ${arg} ${f64(-746)}) ${f64(710)})`)}
    ${reduce(p)}
    ${set(p, 'k1', `(i64x2.shr_s ${L(p, 'ki')} (i32.const 1))`)}
    ${set(p, dest, e)}`;
}

/** sigmoid(z) = 1 / (1 + exp(−z)), the TypeScript kernel's formula, from $p_z into $p_res. */
function sigmoid(p) {
  return `${exp(p, 'u', `(f64x2.neg ${L(p, 'z')})`)}
    ${set(p, 'res', div(f64(1), add(f64(1), L(p, 'u'))))}`;
}

/**
 * tanh(|z|) = −t / (t + 2) with t = expm1(−2|z|) below 1 (no cancellation near 0), and
 * 1 − 2u / (1 + u) with u = exp(−2|z|) from 1 on (fdlibm's split), one division serving both;
 * the sign of z restored. With x = −2|z| clamped at −40 (where tanh is 1 to double precision):
 * expm1(x) = 2^k·p + (2^k − 1) and exp(x) = 2^k·(p + 1), both from the one reduction.
 */
function tanh(p) {
  const below = (a, b) => pick(a, b, L(p, 'lt'));
  const sign = '(v128.const i64x2 0x8000000000000000 0x8000000000000000)';
  return `${set(p, 'x', `(f64x2.pmax ${mul(`(f64x2.abs ${L(p, 'z')})`, f64(-2))} ${f64(-40)})`)}
    ${reduce(p)}
    ${set(p, 's', pow2(L(p, 'ki')))}
    ${set(p, 't', add(mul(L(p, 's'), L(p, 'p')), `(f64x2.sub ${L(p, 's')} ${f64(1)})`))}
    ${set(p, 'u', mul(L(p, 's'), add(L(p, 'p'), f64(1))))}
    ${set(p, 'lt', `(f64x2.lt (f64x2.abs ${L(p, 'z')}) ${f64(1)})`)}
    ${set(p, 'q', `(f64x2.div ${below(`(f64x2.neg ${L(p, 't')})`, add(L(p, 'u'), L(p, 'u')))} ${below(add(L(p, 't'), f64(2)), add(f64(1), L(p, 'u')))})`)}
    ${set(p, 'res', `(v128.bitselect ${L(p, 'z')} ${below(L(p, 'q'), `(f64x2.sub ${f64(1)} ${L(p, 'q')})`)} ${sign})`)}`;
}

// fdlibm s_erf.c coefficients (Sun Microsystems, 1993), as in src/kernels/gelu-math.ts.
const ERX = 0.8450629115104675;
const PP = [
  0.12837916709551256, -0.3250421072470015, -0.02848174957559851, -0.005770270296489442,
  -2.3763016656650163e-5,
];
const QQ = [
  0.39791722395915535, 0.0650222499887673, 0.005081306281875766, 0.00013249473800432164,
  -3.960228278775368e-6,
];
const PA = [
  -0.0023621185607526594, 0.41485611868374833, -0.3722078760357013, 0.31834661990116175, -0.11089469428239668,
  0.035478304325618236, -0.002166375594868791,
];
const QA = [
  0.10642088040084423, 0.540397917702171, 0.07182865441419627, 0.12617121980876164, 0.01363708391202905,
  0.011984499846799107,
];
const RA = [
  -0.009864944034847148, -0.6938585727071818, -10.558626225323291, -62.375332450326006, -162.39666946257347,
  -184.60509290671104, -81.2874355063066, -9.814329344169145,
];
const SA = [
  19.651271667439257, 137.65775414351904, 434.56587747522923, 645.3872717332679, 429.00814002756783,
  108.63500554177944, 6.570249770319282, -0.0604244152148581,
];
const RB = [
  -0.0098649429247001, -0.799283237680523, -17.757954917754752, -160.63638485582192, -637.5664433683896,
  -1025.0951316110772, -483.5191916086514,
];
const SB = [
  30.33806074348246, 325.7925129965739, 1536.729586084437, 3199.8582195085955, 2553.0504064331644,
  474.52854120695537, -22.44095244658582,
];

/** The coefficient tables, for a test to compare with gelu-math.ts's. */
export const FDLIBM_ERF_COEFFICIENTS = { ERX, PP, QQ, PA, QA, RA, SA, RB, SB };

/** c0 + z·(c1 + z·(…)) with vector coefficients `cs` (expressions), Horner's scheme as fdlibm. */
function horner(cs, z) {
  let sum = cs[cs.length - 1];
  for (let i = cs.length - 2; i >= 0; i--) sum = add(cs[i], mul(z, sum));
  return sum;
}
const splats = (cs) => cs.map(f64);
const hornerOne = (cs, z) => add(f64(1), mul(z, horner(cs, z)));

/**
 * $p_cdf = 2Φ(z) = 1 + erf(z/√2), as twiceNormalCdf in gelu-math.ts: every range computed in every
 * lane, then the lane's range picked. Leaves exp(−h²/2 − 0.5625) in $p_e1 for the derivative.
 */
function twiceNormalCdf(p) {
  const z = L(p, 'z');
  const t = L(p, 't');
  const positive = `(f64x2.gt ${z} ${f64(0)})`;
  // In [1.25, 1/0.35) the RA/SA pair, from there RB/SB: coefficients picked per lane (RB and SB
  // padded with a zero top coefficient, which adds exactly nothing).
  const near = `(f64x2.lt ${t} ${f64(1 / 0.35)})`;
  const chosen = (a, b) => a.map((c, i) => pick(f64(c), f64(b[i] ?? 0), near));
  const highWord = '(v128.const i64x2 0xffffffff00000000 0xffffffff00000000)';
  return `${set(p, 'st', mul(z, f64(Math.SQRT1_2)))}
    ${set(p, 't', `(f64x2.abs ${L(p, 'st')})`)}
    ${set(p, 'zz', mul(t, t))}
    ${set(p, 'ya', div(horner(splats(PP), L(p, 'zz')), hornerOne(QQ.map(f64), L(p, 'zz'))))}
    ${set(p, 's', `(f64x2.sub ${t} ${f64(1)})`)}
    ${set(p, 'pq', div(horner(splats(PA), L(p, 's')), hornerOne(QA.map(f64), L(p, 's'))))}
    ${set(p, 'u', div(f64(1), mul(t, t)))}
    ${set(p, 'rs', div(horner(chosen(RA, RB), L(p, 'u')), add(f64(1), mul(L(p, 'u'), horner(chosen(SA, SB), L(p, 'u'))))))}
    ${set(p, 'h', `(v128.and ${z} ${highWord})`)}
    ${exp(p, 'e1', sub(mul(mul(f64(-0.5), L(p, 'h')), L(p, 'h')), f64(0.5625)))}
    ${exp(p, 'e2', add(mul(f64(-0.5), mul(sub(z, L(p, 'h')), add(z, L(p, 'h')))), L(p, 'rs')))}
    ${set(p, 'c', pick(div(mul(L(p, 'e1'), L(p, 'e2')), t), f64(0), `(f64x2.lt ${t} ${f64(28)})`))}
    ${set(p, 'cdf', pick(sub(f64(2), L(p, 'c')), L(p, 'c'), positive))}
    ${set(
      p,
      'cdf',
      pick(
        pick(add(f64(1), add(f64(ERX), L(p, 'pq'))), sub(sub(f64(1), f64(ERX)), L(p, 'pq')), positive),
        L(p, 'cdf'),
        `(f64x2.lt ${t} ${f64(1.25)})`,
      ),
    )}
    ${set(
      p,
      'cdf',
      pick(
        pick(
          sub(f64(0.5), add(mul(t, L(p, 'ya')), sub(t, f64(0.5)))),
          add(f64(1), add(L(p, 'st'), mul(L(p, 'st'), L(p, 'ya')))),
          `(v128.and (f64x2.lt ${z} ${f64(0)}) (f64x2.ge ${t} ${f64(0.25)}))`,
        ),
        L(p, 'cdf'),
        `(f64x2.lt ${t} ${f64(0.84375)})`,
      ),
    )}`;
}

/** gelu(z) = z·0.5·(1 + erf(z/√2)). */
function gelu(p) {
  return `${twiceNormalCdf(p)}
    ${set(p, 'res', mul(mul(L(p, 'z'), f64(0.5)), L(p, 'cdf')))}`;
}

/** gelu'(z) = Φ(z) + z·φ(z), φ(z) = exp(−z²/2)/√(2π) from the split exponent (0 from |z| = 40). */
function geluDerivative(p) {
  const z = L(p, 'z');
  return `${twiceNormalCdf(p)}
    ${exp(p, 'ex', add(mul(f64(-0.5), mul(sub(z, L(p, 'h')), add(z, L(p, 'h')))), f64(0.5625)))}
    ${set(p, 'ex', pick(mul(f64(0.3989422804014327), mul(L(p, 'e1'), L(p, 'ex'))), f64(0), `(f64x2.lt (f64x2.abs ${z}) ${f64(40)})`))}
    ${set(p, 'res', add(mul(f64(0.5), L(p, 'cdf')), mul(z, L(p, 'ex'))))}`;
}

const SQRT_2_OVER_PI = 0.7978845608028654;
const KAPPA = 0.044715;

/**
 * For the tanh form, as gelu-math.ts: $p_u = 2u = 2·√(2/π)(z + κz³), $p_e1 = m = exp(−|2u|),
 * $p_c = 1/(1 + m), then $p_s = σ(2u) and $p_om = 1 − σ(2u), one of them c and the other m·c.
 */
function tanhFormSigmoid(p) {
  const z = L(p, 'z');
  const nonNegative = `(f64x2.ge ${L(p, 'u')} ${f64(0)})`;
  return `${set(p, 'u', mul(f64(2), mul(f64(SQRT_2_OVER_PI), add(z, mul(f64(KAPPA), mul(mul(z, z), z))))))}
    ${exp(p, 'e1', `(f64x2.neg (f64x2.abs ${L(p, 'u')}))`)}
    ${set(p, 'c', div(f64(1), add(f64(1), L(p, 'e1'))))}
    ${set(p, 's', pick(L(p, 'c'), mul(L(p, 'e1'), L(p, 'c')), nonNegative))}
    ${set(p, 'om', pick(mul(L(p, 'e1'), L(p, 'c')), L(p, 'c'), nonNegative))}`;
}

/** gelu_tanh(z) = z·σ(2u) = 0.5·z·(1 + tanh u). */
function geluTanh(p) {
  return `${tanhFormSigmoid(p)}
    ${set(p, 'res', mul(L(p, 'z'), L(p, 's')))}`;
}

/** σ + 2z·σ·(1 − σ)·√(2/π)(1 + 3κz²). */
function geluTanhDerivative(p) {
  const z = L(p, 'z');
  const s = L(p, 's');
  const inner = mul(f64(SQRT_2_OVER_PI), add(f64(1), mul(f64(3 * KAPPA), mul(z, z))));
  return `${tanhFormSigmoid(p)}
    ${set(p, 'res', add(s, mul(mul(mul(mul(f64(2), z), s), L(p, 'om')), inner)))}`;
}

/** `value` unchanged where `y` > 0, else times the slope vector $slope. */
const bySign = (nat, value, y) =>
  pick(value, `(${nat}.mul ${value} (local.get $slope))`, `(${nat}.gt ${y} (v128.const i64x2 0 0))`);

/** The activations, by the names of core's ACTIVATION_TABLE. */
export const WAT_ACTIVATIONS = {
  identity: {
    code: 0,
    saves: 'output',
    forward: { native: (_nat, v) => v },
    backward: { native: (_nat, g) => g },
  },
  relu: {
    code: 1,
    saves: 'output',
    forward: { native: (nat, v) => `(v128.and ${v} (${nat}.gt ${v} (v128.const i64x2 0 0)))` },
    backward: { native: (nat, g, y) => `(v128.and ${g} (${nat}.gt ${y} (v128.const i64x2 0 0)))` },
  },
  sigmoid: {
    code: 2,
    saves: 'output',
    forward: { wide: sigmoid },
    // (g · y) · (1 − y), the TypeScript kernel's order
    backward: {
      wide: (g) => ({ code: '', value: mul(mul(g, '(local.get $y)'), sub(f64(1), '(local.get $y)')) }),
    },
  },
  tanh: {
    code: 3,
    saves: 'output',
    forward: { wide: tanh },
    backward: {
      wide: (g) => ({ code: '', value: mul(g, sub(f64(1), mul('(local.get $y)', '(local.get $y)'))) }),
    },
  },
  leaky_relu: {
    code: 4,
    saves: 'output',
    forward: { wide: (p) => set(p, 'res', bySign('f64x2', L(p, 'z'), L(p, 'z'))) },
    backward: { wide: (g) => ({ code: '', value: bySign('f64x2', g, '(local.get $y)') }) },
  },
  gelu: {
    code: 5,
    saves: 'input',
    forward: { wide: gelu },
    backward: {
      wide: (g) => ({
        code: `${set('a', 'z', '(local.get $y)')} ${geluDerivative('a')}`,
        value: mul(g, L('a', 'res')),
      }),
    },
  },
  gelu_tanh: {
    code: 6,
    saves: 'input',
    forward: { wide: geluTanh },
    backward: {
      wide: (g) => ({
        code: `${set('a', 'z', '(local.get $y)')} ${geluTanhDerivative('a')}`,
        value: mul(g, L('a', 'res')),
      }),
    },
  },
};

/** The entry for `name`; throws for a name without WebAssembly code, or an entry missing a part. */
export function activationWat(name) {
  const entry = Object.hasOwn(WAT_ACTIVATIONS, name) ? WAT_ACTIVATIONS[name] : undefined;
  if (!entry) throw new Error(`layer-wat: no WebAssembly code for activation "${name}"`);
  const { code, saves, forward, backward } = entry;
  if (!Number.isInteger(code) || !['output', 'input'].includes(saves) || !forward || !backward) {
    throw new Error(`layer-wat: activation "${name}" needs a code, saves, forward and backward`);
  }
  return entry;
}
