import { bytesPerElement, type DType, type FloatArray, viewOf } from '@shardwise/core';
import { CONTROL_LENGTH } from './control.js';

/** The sizes that fix the shared memory of one training run. */
export interface SharedShape {
  /** Element type of every `'float'` region. */
  readonly dtype: DType;
  /** Worker threads of this process (the barrier's parties; each has a workspace and phase timers). */
  readonly workers: number;
  /**
   * Logical shards of every batch (default `workers`): one gradient slot and one stats pair each.
   * Fixing it fixes the result whatever the workers (or MPI ranks) that compute the shards.
   */
  readonly shards?: number;
  /** Parameters of the network. */
  readonly paramCount: number;
  /** Elements of optimizer state (see core's `optimizerStateSize`). */
  readonly stateSize: number;
  /** Training rows. */
  readonly rows: number;
  /** Input values per row. */
  readonly features: number;
  /** Output width (classes, or target values per row). */
  readonly outputs: number;
  /** Whether the rows carry integer labels. */
  readonly hasLabels: boolean;
  /** Whether the rows carry target rows. */
  readonly hasTargets: boolean;
  /** Most steps one epoch can have: per-step loss and correct counts are kept for each. */
  readonly maxSteps: number;
  /** Bytes of each worker's workspace and GEMM scratch in shared memory (0 when kept private). */
  readonly workspaceBytes: number;
  readonly scratchBytes: number;
}

/** Element type of a region: the run's dtype (`'float'`), Int32, or always-Float64 statistics. */
export type RegionKind = 'float' | 'int32' | 'f64' | 'bytes';
/** One named region of the shared buffer. */
export interface Region {
  /** Start in the buffer, in bytes (64-byte aligned). */
  readonly byteOffset: number;
  /** Length in elements of `kind`. */
  readonly length: number;
  /** Element type of the region. */
  readonly kind: RegionKind;
}

/**
 * Where everything of a run lives in ONE SharedArrayBuffer, created once per run; every worker
 * maps the same regions, so the dataset exists once whatever the number of workers:
 * - control: the Int32 control block (see control.ts)
 * - params0/params1, state0/state1: committed and next parameters and optimizer state
 *   (double-buffered, so a failed step leaves the committed ones untouched)
 * - reduced: the averaged gradient; slots: one gradient per shard, back to back, in shard order
 * - order: the epoch's shuffled row order; x, labels or targets: the training rows
 * - shardStats: each shard's loss, correct count and summed sample weight; stepStats: each step's batch loss and
 *   correct count; phaseSeconds: each worker's time per phase of a step
 * - heartbeats: per worker, the barriers it has passed (the watchdog's evidence of progress)
 */
export interface SharedLayout {
  /** The sizes the layout was planned for. */
  readonly shape: SharedShape;
  /** Bytes the SharedArrayBuffer needs. */
  readonly byteLength: number;
  /** Where each region lives. */
  readonly regions: Readonly<Record<RegionName, Region>>;
}

/** The regions of the shared buffer, in the order they are laid out (see {@link SharedLayout}). */
export type RegionName =
  | 'control'
  | 'params0'
  | 'params1'
  | 'state0'
  | 'state1'
  | 'reduced'
  | 'slots'
  | 'order'
  | 'x'
  | 'labels'
  | 'targets'
  | 'shardStats'
  | 'stepStats'
  | 'phaseSeconds'
  | 'heartbeats'
  | 'workspaces'
  | 'gemmScratch';

const ALIGN = 64;

/**
 * Values per shard in `shardStats`: its mean loss, correct rows, and the mean's denominator
 * (summed sample weight, the rows when unweighted), which weighs the shard in the step.
 */
export const SHARD_STAT_FIELDS = 3;

/** The logical shards of a batch for `shape`: `shards`, or one per worker. */
export function shardCount(shape: SharedShape): number {
  return shape.shards ?? shape.workers;
}

/** Places every region for `shape`, back to back and 64-byte aligned. */
export function planSharedLayout(shape: SharedShape): SharedLayout {
  const floatBytes = bytesPerElement(shape.dtype);
  const regions = {} as Record<RegionName, Region>;
  let offset = 0;
  const place = (name: RegionName, length: number, kind: RegionKind) => {
    regions[name] = { byteOffset: offset, length, kind };
    const bytes = length * (kind === 'float' ? floatBytes : kind === 'int32' ? 4 : kind === 'f64' ? 8 : 1);
    offset += Math.ceil(bytes / ALIGN) * ALIGN;
  };
  const p = shape.paramCount;
  const shards = shardCount(shape);
  place('control', CONTROL_LENGTH, 'int32');
  place('params0', p, 'float');
  place('params1', p, 'float');
  place('state0', shape.stateSize, 'float');
  place('state1', shape.stateSize, 'float');
  place('reduced', p, 'float');
  place('slots', p * shards, 'float');
  place('order', shape.rows, 'int32');
  place('x', shape.rows * shape.features, 'float');
  place('labels', shape.hasLabels ? shape.rows : 0, 'int32');
  place('targets', shape.hasTargets ? shape.rows * shape.outputs : 0, 'float');
  place('shardStats', SHARD_STAT_FIELDS * shards, 'f64');
  place('stepStats', 2 * shape.maxSteps, 'f64');
  place('phaseSeconds', 3 * shape.workers, 'f64');
  place('heartbeats', shape.workers, 'int32');
  place('workspaces', shape.workspaceBytes * shape.workers, 'bytes');
  place('gemmScratch', shape.scratchBytes * shape.workers, 'bytes');
  return { shape, byteLength: offset, regions };
}

/** Typed-array views of every region, made once per thread and kept. */
export interface SharedViews {
  /** The Int32 control block (generation, committed buffer, step counters, faults). */
  readonly control: Int32Array;
  /** The two parameter buffers; the control block says which one is committed. */
  readonly params: readonly [FloatArray, FloatArray];
  /** The two optimizer-state buffers, paired with `params`. */
  readonly state: readonly [FloatArray, FloatArray];
  /** The averaged gradient of the step in progress (between runs, of the last committed step). */
  readonly reduced: FloatArray;
  /** One gradient buffer per shard. */
  readonly slots: readonly FloatArray[];
  /** The epoch's row order. */
  readonly order: Int32Array;
  /** Training inputs, rows × features. */
  readonly x: FloatArray;
  /** Training labels, or null for target rows. */
  readonly labels: Int32Array | null;
  /** Training target rows (rows × outputs), or null for labels. */
  readonly targets: FloatArray | null;
  /** Per shard (SHARD_STAT_FIELDS values each): its mean loss, correct count and summed sample weight. */
  readonly shardStats: Float64Array;
  /** Per step of the run: the batch's mean loss and correct count. */
  readonly stepStats: Float64Array;
  /** Per worker: seconds spent computing its shard, waiting at barriers, reducing + updating. */
  readonly phaseSeconds: Float64Array;
  /**
   * Per worker: barriers passed so far, counted as it arrives (the committing worker once it has
   * committed). The main thread's watchdog reads them; only the worker itself writes its own.
   */
  readonly heartbeats: Int32Array;
}

/** Typed-array views of `layout`'s regions over `buffer` (one per thread, made once). */
export function mapSharedViews(buffer: SharedArrayBuffer, layout: SharedLayout): SharedViews {
  const { shape, regions } = layout;
  const float = (name: RegionName, at = 0, length = regions[name].length) =>
    viewOf(shape.dtype, buffer, regions[name].byteOffset + at * bytesPerElement(shape.dtype), length);
  const int32 = (name: RegionName) => new Int32Array(buffer, regions[name].byteOffset, regions[name].length);
  const f64 = (name: RegionName) => new Float64Array(buffer, regions[name].byteOffset, regions[name].length);
  const p = shape.paramCount;
  return {
    control: int32('control'),
    params: [float('params0'), float('params1')],
    state: [float('state0'), float('state1')],
    reduced: float('reduced'),
    slots: Array.from({ length: shardCount(shape) }, (_, s) => float('slots', s * p, p)),
    order: int32('order'),
    x: float('x'),
    labels: shape.hasLabels ? int32('labels') : null,
    targets: shape.hasTargets ? float('targets') : null,
    shardStats: f64('shardStats'),
    stepStats: f64('stepStats'),
    phaseSeconds: f64('phaseSeconds'),
    heartbeats: int32('heartbeats'),
  };
}
