/**
 * Seeded, serialisable random numbers: xoshiro128** seeded through splitmix32.
 *
 * Everything random in shardwise (weight init, datasets, shuffles, dropout) draws from an `Rng`,
 * and a checkpoint stores `getState()` so a resumed run continues the exact same sequence.
 * The uniform draws use only 32-bit integer arithmetic (`Math.imul`, `>>> 0`); `normal()` also uses
 * Math.exp/log, which V8 computes in software (fdlibm ports), so every worker gets the same values.
 */

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_31 = 1 / 2147483648;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;
const GOLDEN_GAMMA = 0x9e3779b9;
/** Words in `getState()`: the four xoshiro128** words. */
const STATE_LENGTH = 4;

// Scratch for reading a fractional seed's float64 bits as two uint32 words without allocating.
const scratchFloat = new Float64Array(1);
const scratchWords = new Uint32Array(scratchFloat.buffer);

// Ziggurat for the normal density exp(-x²/2): 128 layers of equal area ZIGGURAT_V, base layer
// reaching out to ZIGGURAT_R (constants from Marsaglia & Tsang 2000 / Doornik 2005).
const ZIGGURAT_LAYERS = 128;
const ZIGGURAT_LAYER_MASK = ZIGGURAT_LAYERS - 1;
const ZIGGURAT_R = 3.442619855899;
const ZIGGURAT_V = 9.91256303526217e-3;
/** Right edge of each layer; [0] is the base layer's pseudo-width V / f(R), [128] is 0. */
const ZIGGURAT_X = new Float64Array(ZIGGURAT_LAYERS + 1);
/** X[i + 1] / X[i]: the fraction of layer i that lies wholly under the density. */
const ZIGGURAT_RATIO = new Float64Array(ZIGGURAT_LAYERS);
{
  let density = Math.exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
  ZIGGURAT_X[0] = ZIGGURAT_V / density;
  ZIGGURAT_X[1] = ZIGGURAT_R;
  for (let i = 2; i < ZIGGURAT_LAYERS; i++) {
    const x = Math.sqrt(-2 * Math.log(ZIGGURAT_V / ZIGGURAT_X[i - 1]! + density));
    ZIGGURAT_X[i] = x;
    density = Math.exp(-0.5 * x * x);
  }
  ZIGGURAT_X[ZIGGURAT_LAYERS] = 0;
  for (let i = 0; i < ZIGGURAT_LAYERS; i++) ZIGGURAT_RATIO[i] = ZIGGURAT_X[i + 1]! / ZIGGURAT_X[i]!;
}

/** The splitmix32 finaliser: a bijection on uint32 that spreads every input bit over the output. */
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * A small, fast, seedable random number generator (xoshiro128**) whose whole position can be saved
 * and restored, so runs are reproducible and resumable; also draws normals and shuffles.
 */
export class Rng {
  // xoshiro128** state, stored as int32 values (the `| 0` form keeps them small integers for the JIT).
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** Any finite number is a valid seed (0, negative and fractional included); equal seeds give equal sequences. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng seed must be a finite number, got ${seed}`);
    let low: number;
    let high: number;
    if (Number.isSafeInteger(seed)) {
      low = seed >>> 0;
      high = Math.floor(seed / TWO_POW_32) >>> 0;
    } else {
      scratchFloat[0] = seed + 0; // `+ 0` turns -0 into 0
      low = scratchWords[0]!;
      high = scratchWords[1]!;
    }
    // splitmix32 stream starting from the seed; four distinct inputs to a bijection are never all zero.
    let z = (low ^ mix32((high + GOLDEN_GAMMA) | 0)) | 0;
    z = (z + GOLDEN_GAMMA) | 0;
    this.s0 = mix32(z) | 0;
    z = (z + GOLDEN_GAMMA) | 0;
    this.s1 = mix32(z) | 0;
    z = (z + GOLDEN_GAMMA) | 0;
    this.s2 = mix32(z) | 0;
    z = (z + GOLDEN_GAMMA) | 0;
    this.s3 = mix32(z) | 0;
  }

  /** A uniform integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const rotated = Math.imul(s1, 5);
    const result = Math.imul((rotated << 7) | (rotated >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits (two draws). */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) * TWO_POW_MINUS_53;
  }

  /** A uniform integer in [0, n), without modulo bias; `n` is an integer in [1, 2^32]. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new Error(`Rng.nextInt bound must be an integer in [1, 2^32], got ${n}`);
    }
    // Reject the top partial block of 2^32 so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /**
   * A standard normal draw by the ziggurat method (Marsaglia–Tsang, in Doornik's 128-layer form):
   * about 98.8% of draws cost two `nextUint32` and no `Math.log`, which is what makes 78M-value
   * datasets cheap. Holds no cached spare, so the state stays the four xoshiro words.
   */
  normal(): number {
    for (;;) {
      const layer = this.nextUint32() & ZIGGURAT_LAYER_MASK;
      // (int32 + 0.5) / 2^31 is symmetric about 0 and never ±1.
      const u = ((this.nextUint32() | 0) + 0.5) * TWO_POW_MINUS_31;
      // Inside the rectangle that lies wholly under the density: accept at once.
      if (Math.abs(u) < ZIGGURAT_RATIO[layer]!) return u * ZIGGURAT_X[layer]!;
      if (layer === 0) return this.normalTail(u < 0);
      // In a wedge: accept with the density's shape between the layer's edges.
      const x = u * ZIGGURAT_X[layer]!;
      const outer = ZIGGURAT_X[layer]!;
      const inner = ZIGGURAT_X[layer + 1]!;
      const f0 = Math.exp(-0.5 * (outer * outer - x * x));
      const f1 = Math.exp(-0.5 * (inner * inner - x * x));
      if (f1 + this.openUnitFloat() * (f0 - f1) < 1) return x;
    }
  }

  /** A draw from the normal tail beyond ZIGGURAT_R (Marsaglia's exponential method). */
  private normalTail(negative: boolean): number {
    let x: number;
    let y: number;
    do {
      x = Math.log(this.openUnitFloat()) / ZIGGURAT_R;
      y = Math.log(this.openUnitFloat());
    } while (-2 * y < x * x);
    return negative ? x - ZIGGURAT_R : ZIGGURAT_R - x;
  }

  /** A uniform float in (0, 1), never 0, so its logarithm is finite. */
  private openUnitFloat(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
  }

  /** Fisher–Yates shuffle of `a[from, to)` in place. */
  shuffle(a: Int32Array | Uint32Array, from = 0, to = a.length): void {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > a.length || from > to) {
      throw new Error(`Rng.shuffle range [${from}, ${to}) is not inside [0, ${a.length})`);
    }
    this.shuffleSteps(a, from, to - 1, from);
  }

  /**
   * Steps i = `high` down to `low` + 1 of the Fisher–Yates shuffle of `a[from, …]` (unchecked):
   * running to − 1 … from in consecutive pieces (each piece's `low` the next one's `high`) draws
   * exactly as `shuffle(a, from, to)`, so a long shuffle can pause between pieces.
   */
  shuffleSteps(a: Int32Array | Uint32Array, from: number, high: number, low: number): void {
    for (let i = high; i > low; i--) {
      const j = from + this.nextInt(i - from + 1);
      const held = a[i]!;
      a[i] = a[j]!;
      a[j] = held;
    }
  }

  /** The full position as 4 uint32 numbers (JSON-safe); `setState` of it continues the same sequence. */
  getState(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Restores a position from `getState()`; the sequence continues exactly where it was taken. */
  setState(state: number[]): void {
    if (!Array.isArray(state) || state.length !== STATE_LENGTH) {
      throw new Error(`Rng state must be an array of ${STATE_LENGTH} uint32 numbers`);
    }
    for (let i = 0; i < STATE_LENGTH; i++) {
      const word = state[i]!;
      if (!Number.isInteger(word) || word < 0 || word >= TWO_POW_32) {
        throw new Error(`Rng state word ${i} must be an integer in [0, 2^32), got ${word}`);
      }
    }
    if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) {
      throw new Error('Rng state must not be all zero (xoshiro128** would output zeros forever)');
    }
    this.s0 = state[0]! | 0;
    this.s1 = state[1]! | 0;
    this.s2 = state[2]! | 0;
    this.s3 = state[3]! | 0;
  }

  /** An independent generator at the same position. */
  clone(): Rng {
    const copy = new Rng(0);
    copy.setState(this.getState());
    return copy;
  }
}
