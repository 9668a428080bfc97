import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

function draws(rng: Rng, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(rng.nextUint32());
  return out;
}

describe('Rng', () => {
  it('matches the xoshiro128** reference output from state [1, 2, 3, 4]', () => {
    const rng = new Rng(0);
    rng.setState([1, 2, 3, 4]);
    expect(draws(rng, 6)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('seeds through splitmix32 (seed 0 gives the splitmix32 stream, never an all-zero state)', () => {
    // Words computed by a separate plain implementation of splitmix32 starting from 0.
    expect(new Rng(0).getState()).toEqual([3385628684, 1430120249, 3444358306, 2993429826]);
  });

  it('is deterministic for a seed', () => {
    for (const seed of [0, 1, 42, -7, 2 ** 40 + 3, 0.25, -0]) {
      expect(draws(new Rng(seed), 20)).toEqual(draws(new Rng(seed), 20));
    }
  });

  it('gives different sequences for different seeds', () => {
    const seen = new Set<string>();
    for (const seed of [0, 1, 2, 3, -1, 2 ** 32, 2 ** 32 + 1, 0.5, 1.5, 1e-300]) {
      seen.add(draws(new Rng(seed), 4).join(','));
    }
    expect(seen.size).toBe(10);
  });

  it('rejects non-finite seeds', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/seed/);
    expect(() => new Rng(Number.POSITIVE_INFINITY)).toThrow(/seed/);
  });

  it('round-trips its state through JSON and continues the same sequence', () => {
    const rng = new Rng(123);
    for (let i = 0; i < 7; i++) rng.normal(); // an odd count: no hidden spare may be lost
    rng.nextFloat();
    const saved = JSON.parse(JSON.stringify(rng.getState())) as number[];
    expect(saved).toHaveLength(4);
    for (const word of saved) {
      expect(Number.isInteger(word) && word >= 0 && word < 2 ** 32).toBe(true);
    }
    const expected = [rng.normal(), rng.nextFloat(), rng.nextInt(10), rng.normal(), rng.nextUint32()];
    const resumed = new Rng(999);
    resumed.setState(saved);
    expect([
      resumed.normal(),
      resumed.nextFloat(),
      resumed.nextInt(10),
      resumed.normal(),
      resumed.nextUint32(),
    ]).toEqual(expected);
    expect(resumed.getState()).toEqual(rng.getState());
  });

  it('clone is independent and at the same position', () => {
    const rng = new Rng(5);
    rng.normal();
    const copy = rng.clone();
    const a = [rng.normal(), rng.nextUint32()];
    expect([copy.normal(), copy.nextUint32()]).toEqual(a);
    copy.nextUint32();
    expect(copy.getState()).not.toEqual(rng.getState());
  });

  it('rejects malformed states with a message', () => {
    const rng = new Rng(1);
    expect(() => rng.setState([1, 2, 3])).toThrow(/4 uint32/);
    expect(() => rng.setState([1, 2, 3, -1])).toThrow(/word 3/);
    expect(() => rng.setState([1, 2, 3, 2 ** 32])).toThrow(/word 3/);
    expect(() => rng.setState([1, 2, 0.5, 4])).toThrow(/word 2/);
    expect(() => rng.setState([0, 0, 0, 0])).toThrow(/all zero/);
  });

  it('nextFloat stays in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(7);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    const buckets = new Int32Array(10);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSquares += u * u;
      buckets[Math.floor(u * 10)]!++;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sumSquares / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(500); // ~5 sigma
  });

  it('nextInt stays in [0, n), hits every value, and rejects bad bounds', () => {
    const rng = new Rng(3);
    for (const n of [1, 2, 3, 7, 1000, 2 ** 31 + 1, 2 ** 32]) {
      let outside = 0;
      for (let i = 0; i < 2000; i++) {
        const k = rng.nextInt(n);
        if (!(Number.isInteger(k) && k >= 0 && k < n)) outside++;
      }
      expect(outside).toBe(0);
    }
    const counts = new Int32Array(7);
    for (let i = 0; i < 70_000; i++) counts[rng.nextInt(7)]!++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(() => rng.nextInt(0)).toThrow(/bound/);
    expect(() => rng.nextInt(2.5)).toThrow(/bound/);
    expect(() => rng.nextInt(2 ** 32 + 1)).toThrow(/bound/);
  });

  it('normal has mean 0, variance 1 and the right tail masses over 1e5 draws', () => {
    const rng = new Rng(11);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    let sumFourth = 0;
    const beyond = [0, 0, 0]; // |z| > 1, 2, 3
    let belowMinusHalf = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSquares += z * z;
      sumFourth += z * z * z * z;
      const magnitude = Math.abs(z);
      if (magnitude > 1) beyond[0]!++;
      if (magnitude > 2) beyond[1]!++;
      if (magnitude > 3) beyond[2]!++;
      if (z < -0.5) belowMinusHalf++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.015);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(sumFourth / n - 3)).toBeLessThan(0.15); // kurtosis of a normal
    expect(Math.abs(beyond[0]! / n - 0.3173)).toBeLessThan(0.008);
    expect(Math.abs(beyond[1]! / n - 0.0455)).toBeLessThan(0.003);
    expect(Math.abs(beyond[2]! / n - 0.0027)).toBeLessThan(0.0008);
    expect(Math.abs(belowMinusHalf / n - 0.3085)).toBeLessThan(0.008);
  });

  it('normal reaches the tail beyond the ziggurat base (3.44) at the right rate', () => {
    const rng = new Rng(12);
    const n = 1_000_000;
    let tail = 0;
    for (let i = 0; i < n; i++) if (Math.abs(rng.normal()) > 3.5) tail++;
    // P(|z| > 3.5) = 4.65e-4: about 465 ± 22.
    expect(tail).toBeGreaterThan(380);
    expect(tail).toBeLessThan(550);
  });

  it('shuffle is a deterministic permutation and respects [from, to)', () => {
    const a = Int32Array.from({ length: 50 }, (_, i) => i);
    const b = Int32Array.from(a);
    new Rng(9).shuffle(a);
    new Rng(9).shuffle(b);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));

    const c = Uint32Array.from({ length: 20 }, (_, i) => i);
    new Rng(10).shuffle(c, 5, 15);
    expect(Array.from(c.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(c.subarray(15))).toEqual([15, 16, 17, 18, 19]);
    expect(Array.from(c.subarray(5, 15)).sort((x, y) => x - y)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(() => new Rng(1).shuffle(c, 3, 21)).toThrow(/range/);
  });

  it('shuffle is roughly uniform over the positions', () => {
    const rng = new Rng(21);
    const counts = new Int32Array(16); // counts[value * 4 + position] for 4 elements
    const a = new Int32Array(4);
    for (let trial = 0; trial < 40_000; trial++) {
      for (let i = 0; i < 4; i++) a[i] = i;
      rng.shuffle(a);
      for (let position = 0; position < 4; position++) counts[a[position]! * 4 + position]!++;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(450);
  });
});
