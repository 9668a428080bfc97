/**
 * Dropout masks as a pure function of (seed, global step, row id, hidden layer, unit): a
 * counter-based hash instead of a random stream, so every thread, shard split and resumed run
 * derives the same keep/drop decision for the same row of the same step.
 *
 * Hash: each integer is absorbed as h ← fmix32(h ⊕ fmix32(v ⊕ 0x9e3779b9)), where fmix32 is
 * MurmurHash3's 32-bit finaliser (full avalanche). Starting from a domain constant, the words are
 * absorbed in the order seed (low, high 32 bits), step (low, high), row id, layer, unit; the unit's
 * 32 bits u decide: keep iff u < (1 − p)·2³², so P(keep) = 1 − p to within 2⁻³².
 *
 * The row id is the dataset row (`order[i]`), not its position in a shard or a batch: what a row
 * is does not depend on how the batch was split, and a batch never holds the same row twice, so
 * (step, row) never repeats within a run.
 */

import type { DType } from '../dtype.js';

/** Start of every mask hash: keeps the masks apart from any other use of the same words. */
const DOMAIN = 0x6d0f27bd;

/** MurmurHash3's finaliser: a bijection on 32-bit words where every input bit flips every output bit with p ≈ ½. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Absorbs the 32-bit word `v` into the hash state `h`. */
function absorb(h: number, v: number): number {
  return fmix32(h ^ dropoutUnitCode(v));
}

/**
 * The half of absorbing `v` that depends on `v` alone: for the units, computed once per layer
 * width and reused by every row and step (dropoutBitsOf), which halves the hashing per unit.
 */
export function dropoutUnitCode(v: number): number {
  return fmix32((v ^ 0x9e3779b9) >>> 0);
}

/** dropoutUnitBits from the unit's precomputed code: fmix32(layerKey ⊕ code). */
export function dropoutBitsOf(layerKey: number, unitCode: number): number {
  return fmix32(layerKey ^ unitCode);
}

/** The low and high 32 bits of a safe integer (two's complement for negatives), absorbed in that order. */
function absorbInteger(h: number, value: number): number {
  const high = Math.floor(value / 0x100000000);
  const low = value - high * 0x100000000;
  return absorb(absorb(h, low >>> 0), high >>> 0);
}

/** The hash state after the seed: computed once per run. */
export function dropoutSeedKey(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`dropout seed must be a safe integer, got ${seed}`);
  return absorbInteger(DOMAIN, seed);
}

/** The hash state after the seed and the global step: computed once per step. */
export function dropoutStepKey(seedKey: number, step: number): number {
  return absorbInteger(seedKey, step);
}

/** The hash state after seed, step and row id: computed once per row. */
export function dropoutRowKey(stepKey: number, row: number): number {
  return absorb(stepKey, row >>> 0);
}

/** The hash state after seed, step, row and layer: computed once per row and layer. */
export function dropoutLayerKey(rowKey: number, layer: number): number {
  return absorb(rowKey, layer >>> 0);
}

/** The 32 random bits that decide unit `unit` under `layerKey`. */
export function dropoutUnitBits(layerKey: number, unit: number): number {
  return absorb(layerKey, unit >>> 0);
}

/** Bits below this keep the unit: (1 − p)·2³² (not rounded: the comparison is exact in doubles). */
export function keepThreshold(p: number): number {
  return (1 - p) * 0x100000000;
}

/**
 * Whether unit `unit` of hidden layer `layer` is kept for dataset row `row` at global step `step`
 * of a run seeded `seed`, under drop probability `p`: the definition the fast path below follows.
 */
export function dropoutKeeps(
  seed: number,
  step: number,
  row: number,
  layer: number,
  unit: number,
  p: number,
): boolean {
  const rowKey = dropoutRowKey(dropoutStepKey(dropoutSeedKey(seed), step), row);
  return dropoutUnitBits(dropoutLayerKey(rowKey, layer), unit) < keepThreshold(p);
}

/**
 * What a kept unit is multiplied by, as `torch.nn.Dropout` computes it: `noise.div_(1 - p)` in the
 * tensor's dtype, i.e. 1 / (1 − p) in float64, and in float32 1 / float32(1 − p) rounded to float32.
 */
export function dropoutScale(p: number, dtype: DType): number {
  return dtype === 'f32' ? Math.fround(1 / Math.fround(1 - p)) : 1 / (1 - p);
}
