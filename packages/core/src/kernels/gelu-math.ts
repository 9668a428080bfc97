// GELU in PyTorch's two forms, in float64, with their derivatives.
//
// approximate='none': gelu(x) = x·Φ(x) = 0.5·x·(1 + erf(x/√2)), gelu'(x) = Φ(x) + x·φ(x).
// 1 + erf(x/√2) comes from the rational approximations of fdlibm's s_erf.c (Sun Microsystems,
// 1993; netlib.org/fdlibm; error below 1 ulp for erf and erfc), taken as erfc(|x|/√2) for x < 0
// so that there is no cancellation in 1 + erf where erf is near −1 (PyTorch's float64 formula loses
// every digit there: gelu(−10) is −7.6e−23, not 0). In the far range exp(−x²/2) is evaluated as
// exp(−h²/2 − 0.5625)·exp(−(x − h)(x + h)/2 + R/S) with h = x cut to its high 32 bits, so that h²/2
// and the first exponent are exact (fdlibm's Note1, done on x rather than on x/√2).
//
// approximate='tanh': gelu(x) = 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), evaluated as
// x·σ(2u) (the same function: 1 + tanh(u) = 2σ(2u)) without the cancellation of 1 + tanh at large
// negative x; its derivative, as PyTorch's GeluBackward writes it, 0.5·(1 + tanh u) +
// 0.5·x·(1 − tanh²u)·u', becomes σ + 2x·σ·(1 − σ)·u' with σ = σ(2u), both σ and 1 − σ taken from
// m = exp(−|2u|) as 1/(1 + m) and m/(1 + m).
//
// scripts/layer-wat.mjs evaluates the same expressions in the same order in float64 lanes, on its
// own exp: see wasm-layer-kernels.test.ts for how far the two are apart.

// fdlibm s_erf.c coefficients (the hex words there are the bits of these literals).
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

/** The coefficient tables, for the WebAssembly generator's test to compare against its copy. */
export const FDLIBM_ERF_COEFFICIENTS = { ERX, PP, QQ, PA, QA, RA, SA, RB, SB } as const;

/** c0 + z·(c1 + z·(…)), Horner's scheme as fdlibm writes it. */
function horner(coefficients: readonly number[], z: number): number {
  let sum = coefficients[coefficients.length - 1]!;
  for (let i = coefficients.length - 2; i >= 0; i--) sum = coefficients[i]! + z * sum;
  return sum;
}

/** 1 + z·(q1 + z·(…)): fdlibm's denominators. */
function hornerOne(coefficients: readonly number[], z: number): number {
  return 1 + z * horner(coefficients, z);
}

/** x with the low 32 bits of its float64 cleared (fdlibm's SET_LOW_WORD(x, 0)). */
const split = new Float64Array(1);
const splitWords = new Uint32Array(split.buffer);
function highWord(x: number): number {
  split[0] = x;
  splitWords[0] = 0; // little-endian: the low word comes first
  return split[0]!;
}

/** exp(−x²/2) without the error of rounding x² (see the file comment); exp(−x²/2 − 0.5625 + c) with `c`. */
function expHalfSquare(x: number, c: number): number {
  const h = highWord(x);
  return Math.exp(-0.5 * h * h - 0.5625) * Math.exp(-0.5 * ((x - h) * (x + h)) + c);
}

/** 2Φ(x) = 1 + erf(x/√2), accurate in both tails (x finite or not, NaN → NaN). */
export function twiceNormalCdf(x: number): number {
  const s = x * Math.SQRT1_2;
  const t = Math.abs(s);
  if (t < 0.84375) {
    const y = horner(PP, t * t) / hornerOne(QQ, t * t);
    if (x >= 0 || t < 0.25) return 1 + (s + s * y);
    return 0.5 - (t * y + (t - 0.5)); // erfc(t), fdlibm's form for t in [1/4, 0.84375)
  }
  if (t < 1.25) {
    const pq = horner(PA, t - 1) / hornerOne(QA, t - 1);
    return x > 0 ? 1 + (ERX + pq) : 1 - ERX - pq;
  }
  // erfc(t) = exp(−t² − 0.5625 + R/S)/t, R/S in 1/t²; zero from t = 28 (and for ±∞, NaN kept)
  let c = 0;
  if (t < 28) {
    const z = 1 / (t * t);
    const rs = t < 1 / 0.35 ? horner(RA, z) / hornerOne(SA, z) : horner(RB, z) / hornerOne(SB, z);
    c = expHalfSquare(x, rs) / t;
  } else if (Number.isNaN(t)) {
    return t;
  }
  return x > 0 ? 2 - c : c;
}

/** 1/√(2π), PyTorch's kBeta of the exact GELU backward (M_2_SQRTPI · M_SQRT1_2 · 0.5). */
const INV_SQRT_2PI = 0.3989422804014327;

/** φ(x) = exp(−x²/2)/√(2π), 0 from |x| = 40 on (where it is below the smallest float64). */
export function normalPdf(x: number): number {
  return Math.abs(x) < 40 ? INV_SQRT_2PI * expHalfSquare(x, 0.5625) : Number.isNaN(x) ? x : 0;
}

/** gelu(x) = x·0.5·(1 + erf(x/√2)), PyTorch's `gelu(x)`. */
export function gelu(x: number): number {
  return x * 0.5 * twiceNormalCdf(x);
}

/** gelu'(x) = Φ(x) + x·φ(x). */
export function geluDerivative(x: number): number {
  return 0.5 * twiceNormalCdf(x) + x * normalPdf(x);
}

/** √(2/π), PyTorch's kBeta of the tanh form (M_SQRT2 · M_2_SQRTPI · 0.5). */
const SQRT_2_OVER_PI = 0.7978845608028654;
/** PyTorch's kKappa. */
const KAPPA = 0.044715;

/** 2u = 2·√(2/π)·(x + κx³), the tanh form's argument doubled: 1 + tanh(u) = 2σ(2u). */
function twiceInner(x: number): number {
  return 2 * (SQRT_2_OVER_PI * (x + KAPPA * (x * x * x)));
}

/**
 * 1/(1 + m) with m = exp(−|w|): σ(w) for w ≥ 0, and 1 − σ(w) = σ(−w) for w < 0 (the other one is
 * m times it). exp never overflows, and neither σ nor 1 − σ is formed by a cancelling subtraction.
 */
function sigmoidOfMagnitude(m: number): number {
  return 1 / (1 + m);
}

/** gelu_tanh(x) = 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))), PyTorch's `gelu(x, approximate='tanh')`. */
export function geluTanh(x: number): number {
  const w = twiceInner(x);
  const m = Math.exp(-Math.abs(w));
  const d = sigmoidOfMagnitude(m);
  return x * (w >= 0 ? d : m * d);
}

/** The derivative of the tanh form: σ + 2x·σ(1 − σ)·√(2/π)(1 + 3κx²), σ = σ(2u). */
export function geluTanhDerivative(x: number): number {
  const w = twiceInner(x);
  const m = Math.exp(-Math.abs(w));
  const d = sigmoidOfMagnitude(m);
  const s = w >= 0 ? d : m * d;
  const oneMinus = w >= 0 ? m * d : d;
  const inner = SQRT_2_OVER_PI * (1 + 3 * KAPPA * (x * x));
  return s + 2 * x * s * oneMinus * inner;
}
