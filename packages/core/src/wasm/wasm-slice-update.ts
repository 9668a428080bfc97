import './webassembly-types.js';
import type { FloatArray } from '../dtype.js';
import { type OptimizerLoops, TS_OPTIMIZER_LOOPS } from '../optimizers.js';
import { allInMemory } from './in-memory.js';

interface UpdateKernels {
  [name: string]: (...args: number[]) => void;
}

/**
 * The slice-wise gradient reduction and optimizer update of a data-parallel step, in WebAssembly
 * SIMD over a shared memory. Arithmetic runs in float64 lanes with float32 values rounded on store,
 * as the TypeScript kernels do, so the two backends give bit-identical updates. Pass it to core's
 * `applyOptimizer` as its loops (which validates the call and derives the constants); arrays outside
 * the memory fall back to the TypeScript loops.
 */
export class WasmSliceUpdate implements OptimizerLoops {
  private readonly kernels: UpdateKernels;

  constructor(
    private readonly memory: WebAssembly.Memory,
    module: WebAssembly.Module,
  ) {
    this.kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as UpdateKernels;
  }

  /**
   * out[i] = Σ_s weights[s] · slots[s][i] over [from, to), in shard order, skipping weight 0. The
   * slots must lie in the memory at equal strides (as the engine lays them out), and `weights`
   * and `out` in the memory too.
   */
  reduceSlice(
    slots: readonly FloatArray[],
    weights: Float64Array,
    shards: number,
    from: number,
    to: number,
    out: FloatArray,
  ): void {
    const stride = shards > 1 ? slots[1]!.byteOffset - slots[0]!.byteOffset : 0;
    const kernel = out instanceof Float32Array ? this.kernels.reduce_f32! : this.kernels.reduce_f64!;
    kernel(slots[0]!.byteOffset, stride, weights.byteOffset, shards, from, to, out.byteOffset);
  }

  private kernel(name: 'sgd' | 'momentum' | 'adam', params: FloatArray): (...args: number[]) => void {
    return this.kernels[`${name}_${params instanceof Float32Array ? 'f32' : 'f64'}`]!;
  }

  readonly sgd: OptimizerLoops['sgd'] = (lr, weightDecay, params, grad, from, to, sourceParams) => {
    if (!allInMemory(this.memory, params, grad, sourceParams)) {
      TS_OPTIMIZER_LOOPS.sgd(lr, weightDecay, params, grad, from, to, sourceParams);
      return;
    }
    this.kernel('sgd', params)(
      params.byteOffset,
      grad.byteOffset,
      sourceParams.byteOffset,
      from,
      to,
      lr,
      weightDecay,
    );
  };

  readonly momentum: OptimizerLoops['momentum'] = (
    lr,
    momentum,
    nesterov,
    weightDecay,
    params,
    grad,
    velocity,
    from,
    to,
    sourceParams,
    sourceVelocity,
  ) => {
    if (!allInMemory(this.memory, params, grad, velocity, sourceParams, sourceVelocity)) {
      TS_OPTIMIZER_LOOPS.momentum(
        lr,
        momentum,
        nesterov,
        weightDecay,
        params,
        grad,
        velocity,
        from,
        to,
        sourceParams,
        sourceVelocity,
      );
      return;
    }
    this.kernel('momentum', params)(
      params.byteOffset,
      grad.byteOffset,
      velocity.byteOffset,
      sourceParams.byteOffset,
      sourceVelocity.byteOffset,
      from,
      to,
      lr,
      momentum,
      weightDecay,
      nesterov ? 1 : 0,
    );
  };

  readonly adam: OptimizerLoops['adam'] = (
    stepSize,
    scale,
    w1,
    lerpFromStart,
    beta2,
    epsilon,
    weightDecay,
    params,
    grad,
    state,
    paramCount,
    from,
    to,
    sourceParams,
    sourceState,
  ) => {
    if (!allInMemory(this.memory, params, grad, state, sourceParams, sourceState)) {
      TS_OPTIMIZER_LOOPS.adam(
        stepSize,
        scale,
        w1,
        lerpFromStart,
        beta2,
        epsilon,
        weightDecay,
        params,
        grad,
        state,
        paramCount,
        from,
        to,
        sourceParams,
        sourceState,
      );
      return;
    }
    this.kernel('adam', params)(
      params.byteOffset,
      grad.byteOffset,
      state.byteOffset,
      sourceParams.byteOffset,
      sourceState.byteOffset,
      paramCount,
      from,
      to,
      stepSize,
      scale,
      w1,
      1 - w1,
      beta2,
      1 - beta2,
      epsilon,
      weightDecay,
      lerpFromStart ? 1 : 0,
    );
  };
}
