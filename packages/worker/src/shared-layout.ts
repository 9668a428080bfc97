import { bytesPerElement, type DType, type FloatArray, viewOf } from '@shardwise/core';
import { CONTROL_LENGTH } from './control.js';

/** The sizes that fix the shared memory of one training run. */
export interface SharedShape {
  readonly dtype: DType;
  readonly workers: number;
  readonly paramCount: number;
  readonly stateSize: number;
  readonly rows: number;
  readonly features: number;
  readonly outputs: number;
  readonly hasLabels: boolean;
  readonly hasTargets: boolean;
  /** Most steps one epoch can have: per-step loss and correct counts are kept for each. */
  readonly maxSteps: number;
}

type RegionKind = 'float' | 'int32' | 'f64';
interface Region {
  readonly byteOffset: number;
  readonly length: number;
  readonly kind: RegionKind;
}

/**
 * Where everything of a run lives in ONE SharedArrayBuffer, created once per run; every worker
 * maps the same regions, so the dataset exists once whatever the number of workers:
 * - control: the Int32 control block (see control.ts)
 * - params0/params1, state0/state1: committed and next parameters and optimizer state
 *   (double-buffered, so a failed step leaves the committed ones untouched)
 * - reduced: the averaged gradient; slots: one gradient per worker, back to back
 * - order: the epoch's shuffled row order; x, labels or targets: the training rows
 * - shardStats: each worker's shard loss and correct count; stepStats: each step's batch loss and
 *   correct count
 */
export interface SharedLayout {
  readonly shape: SharedShape;
  readonly byteLength: number;
  readonly regions: Readonly<Record<RegionName, Region>>;
}

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
  | 'stepStats';

const ALIGN = 64;

export function planSharedLayout(shape: SharedShape): SharedLayout {
  const floatBytes = bytesPerElement(shape.dtype);
  const regions = {} as Record<RegionName, Region>;
  let offset = 0;
  const place = (name: RegionName, length: number, kind: RegionKind) => {
    regions[name] = { byteOffset: offset, length, kind };
    const bytes = length * (kind === 'float' ? floatBytes : kind === 'int32' ? 4 : 8);
    offset += Math.ceil(bytes / ALIGN) * ALIGN;
  };
  const p = shape.paramCount;
  place('control', CONTROL_LENGTH, 'int32');
  place('params0', p, 'float');
  place('params1', p, 'float');
  place('state0', shape.stateSize, 'float');
  place('state1', shape.stateSize, 'float');
  place('reduced', p, 'float');
  place('slots', p * shape.workers, 'float');
  place('order', shape.rows, 'int32');
  place('x', shape.rows * shape.features, 'float');
  place('labels', shape.hasLabels ? shape.rows : 0, 'int32');
  place('targets', shape.hasTargets ? shape.rows * shape.outputs : 0, 'float');
  place('shardStats', 2 * shape.workers, 'f64');
  place('stepStats', 2 * shape.maxSteps, 'f64');
  return { shape, byteLength: offset, regions };
}

/** Typed-array views of every region, made once per thread and kept. */
export interface SharedViews {
  readonly control: Int32Array;
  readonly params: readonly [FloatArray, FloatArray];
  readonly state: readonly [FloatArray, FloatArray];
  readonly reduced: FloatArray;
  readonly slots: readonly FloatArray[];
  readonly order: Int32Array;
  readonly x: FloatArray;
  readonly labels: Int32Array | null;
  readonly targets: FloatArray | null;
  readonly shardStats: Float64Array;
  readonly stepStats: Float64Array;
}

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
    slots: Array.from({ length: shape.workers }, (_, w) => float('slots', w * p, p)),
    order: int32('order'),
    x: float('x'),
    labels: shape.hasLabels ? int32('labels') : null,
    targets: shape.hasTargets ? float('targets') : null,
    shardStats: f64('shardStats'),
    stepStats: f64('stepStats'),
  };
}
