import { allocate, bytesPerElement, type DType, type FloatArray, viewOf } from '../dtype.js';
import { ACTIVATION_TABLE } from '../kernels/activations.js';
import { type LayerKernels, TS_LAYER_KERNELS } from './layer-kernels.js';
import type { Mlp } from './mlp.js';

/**
 * Scratch memory for forward and backward over up to `maxRows` rows, allocated once per worker
 * so that a training step allocates nothing.
 */
export interface MlpWorkspace {
  /** Most rows one forward/backward call may process (at least 1). */
  readonly maxRows: number;
  /** Gathered input rows (maxRows × inputs), used when the rows are not contiguous in the source. */
  readonly input: FloatArray;
  /** Output of each layer l = 0…L−1 (maxRows × sizes[l+1]); the last holds logits/outputs. */
  readonly activations: readonly FloatArray[];
  /**
   * Input of each hidden layer's activation (z + b, maxRows × sizes[l+1]) where the activation's
   * backward needs it (`saves: 'input'`, e.g. gelu); null where it reads the output instead.
   */
  readonly preActivations: readonly (FloatArray | null)[];
  /** Ping-pong buffers for the gradients w.r.t. hidden activations (maxRows × maxWidth). */
  readonly deltaA: FloatArray;
  /** The other ping-pong gradient buffer (maxRows × maxWidth). */
  readonly deltaB: FloatArray;
  /** Gathered labels of the current rows (maxRows). */
  readonly labels: Int32Array;
  /** Gathered target rows of the current rows (maxRows × outputs). */
  readonly targets: FloatArray;
  /** Rows predicted correctly by the last forwardBackward/evaluateRows call (classification). */
  correct: number;
  /** The rows' summed sample weight in the last call's mean loss (the row count when unweighted). */
  weightSum: number;
  /** The kernels the passes run on: the TypeScript reference, or WebAssembly over shared memory. */
  readonly kernels: LayerKernels;
  /**
   * Per hidden layer with dropout (rate > 0; null elsewhere): the step's keep factors, 0 or
   * 1/(1 − p) (maxRows × width), see dropout.ts.
   */
  readonly keepFactors: readonly (FloatArray | null)[];
  /**
   * Per hidden layer with dropout: its output times the keep factors, what the next layer reads in
   * a training step (the activation's own output stays in `activations` for its derivative).
   */
  readonly dropped: readonly (FloatArray | null)[];
}

/** Where a workspace lives and which kernels it runs: by default ordinary arrays and TypeScript. */
export interface WorkspaceOptions {
  /** The kernels the passes call (default: the TypeScript reference kernels). */
  readonly kernels?: LayerKernels;
  /**
   * Place the buffers at `byteOffset` of `buffer` (e.g. a shared WebAssembly memory, so the
   * WebAssembly kernels work on them in place); `workspaceByteLength` bytes are used.
   */
  readonly placement?: WorkspacePlacement;
  /**
   * Drop probability per hidden layer for training steps with dropout: buffers for its masks are
   * added for every layer whose rate is > 0 (pass the same rates to `workspaceByteLength`).
   */
  readonly dropout?: readonly number[];
}

/** Where a placed workspace lives. */
export interface WorkspacePlacement {
  /** The buffer that holds the workspace. */
  readonly buffer: ArrayBufferLike;
  /** Byte offset of its first buffer, a multiple of 16. */
  readonly byteOffset: number;
}

// Every buffer's start is aligned to 16 bytes (a SIMD vector).
const ALIGN = 16;

/** The buffers of a workspace, in order: what is allocated, and what its bytes are planned from. */
function workspaceBuffers(
  mlp: Mlp,
  rows: number,
  dropout: readonly number[] = [],
): { dtype: DType | 'i32'; length: number }[] {
  const { dtype, sizes } = mlp.config;
  return [
    { dtype, length: rows * mlp.inputs },
    ...sizes.slice(1).map((width) => ({ dtype, length: rows * width })),
    { dtype, length: rows * mlp.maxWidth },
    { dtype, length: rows * mlp.maxWidth },
    { dtype: 'i32' as const, length: rows },
    { dtype, length: rows * mlp.outputs },
    ...hiddenInputWidths(mlp).map((width) => ({ dtype, length: rows * width })),
    // Last, so that the buffers above sit where they do without dropout: keep factors, then outputs.
    ...droppedWidths(mlp, dropout).flatMap((width) => [
      { dtype, length: rows * width },
      { dtype, length: rows * width },
    ]),
  ];
}

/** Widths of the hidden layers that drop units (rate > 0). */
function droppedWidths(mlp: Mlp, dropout: readonly number[]): number[] {
  return mlp.config.sizes.slice(1, -1).filter((_, l) => (dropout[l] ?? 0) > 0);
}

/** Widths of the hidden layers whose activation inputs are kept for the backward pass. */
function hiddenInputWidths(mlp: Mlp): number[] {
  const saves = ACTIVATION_TABLE[mlp.config.activation].saves === 'input';
  return saves ? mlp.config.sizes.slice(1, -1) : [];
}

function byteLengthOf(dtype: DType | 'i32', length: number): number {
  const bytes = length * (dtype === 'i32' ? 4 : bytesPerElement(dtype));
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/** Bytes a placed workspace for `mlp` and `maxRows` rows occupies (with `dropout`'s buffers, if given). */
export function workspaceByteLength(mlp: Mlp, maxRows: number, dropout: readonly number[] = []): number {
  return workspaceBuffers(mlp, Math.max(1, maxRows), dropout).reduce(
    (sum, b) => sum + byteLengthOf(b.dtype, b.length),
    0,
  );
}

/** Allocates a workspace for `mlp` and batches of up to `maxRows` rows (at least 1). */
export function createWorkspace(mlp: Mlp, maxRows: number, options: WorkspaceOptions = {}): MlpWorkspace {
  const rows = Math.max(1, maxRows);
  const { placement } = options;
  let offset = placement?.byteOffset ?? 0;
  const dropout = options.dropout ?? [];
  const arrays = workspaceBuffers(mlp, rows, dropout).map(({ dtype, length }) => {
    if (!placement) return dtype === 'i32' ? new Int32Array(length) : allocate(dtype, length);
    const view =
      dtype === 'i32'
        ? new Int32Array(placement.buffer, offset, length)
        : viewOf(dtype, placement.buffer, offset, length);
    offset += byteLengthOf(dtype, length);
    return view;
  });
  const layers = mlp.config.sizes.length - 1;
  const saved = hiddenInputWidths(mlp).length;
  const kept = arrays.slice(5 + layers, 5 + layers + saved) as FloatArray[];
  // The dropout buffers, in pairs (keep factors, dropped output) for the layers that drop.
  const masks = arrays.slice(5 + layers + saved) as FloatArray[];
  const keepFactors: (FloatArray | null)[] = [];
  const dropped: (FloatArray | null)[] = [];
  for (let l = 0, next = 0; l < layers - 1; l++) {
    const drops = (dropout[l] ?? 0) > 0;
    keepFactors.push(drops ? masks[next]! : null);
    dropped.push(drops ? masks[next + 1]! : null);
    if (drops) next += 2;
  }
  return {
    maxRows: rows,
    input: arrays[0] as FloatArray,
    activations: arrays.slice(1, 1 + layers) as FloatArray[],
    deltaA: arrays[1 + layers] as FloatArray,
    deltaB: arrays[2 + layers] as FloatArray,
    labels: arrays[3 + layers] as Int32Array,
    targets: arrays[4 + layers] as FloatArray,
    preActivations: Array.from({ length: layers - 1 }, (_, l) => kept[l] ?? null),
    correct: 0,
    weightSum: 0,
    kernels: options.kernels ?? TS_LAYER_KERNELS,
    keepFactors,
    dropped,
  };
}
