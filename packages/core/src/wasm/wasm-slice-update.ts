import './webassembly-types.js';
import type { FloatArray } from '../dtype.js';
import { applyOptimizer, type ResolvedOptimizerConfig } from '../optimizers.js';

interface UpdateKernels {
  [name: string]: (...args: number[]) => void;
}

/**
 * The slice-wise gradient reduction and optimizer update of a data-parallel step, in WebAssembly
 * SIMD over a shared memory. Arithmetic runs in float64 lanes with float32 values rounded on store,
 * as the TypeScript kernels do, so the two backends give bit-identical updates. Arrays outside the
 * memory fall back to the TypeScript optimizer.
 */
export class WasmSliceUpdate {
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

  /** Same contract as core's applyOptimizer with `source`, for a resolved config. */
  applyOptimizer(
    config: ResolvedOptimizerConfig,
    params: FloatArray,
    grad: FloatArray,
    state: FloatArray,
    paramCount: number,
    step: number,
    from: number,
    to: number,
    source: { readonly params: FloatArray; readonly state: FloatArray },
  ): void {
    const buffer = this.memory.buffer;
    const f32 = params instanceof Float32Array;
    const inMemory = [params, grad, state, source.params, source.state].every(
      (a) => a.buffer === buffer && a instanceof Float32Array === f32,
    );
    if (!inMemory) {
      applyOptimizer(config, params, grad, state, paramCount, step, from, to, source);
      return;
    }
    const t = f32 ? 'f32' : 'f64';
    const { lr, weightDecay } = config;
    if (config.kind === 'sgd') {
      this.kernels[`sgd_${t}`]!(
        params.byteOffset,
        grad.byteOffset,
        source.params.byteOffset,
        from,
        to,
        lr,
        weightDecay,
      );
    } else if (config.kind === 'momentum') {
      this.kernels[`momentum_${t}`]!(
        params.byteOffset,
        grad.byteOffset,
        state.byteOffset,
        source.params.byteOffset,
        source.state.byteOffset,
        from,
        to,
        lr,
        config.momentum,
        weightDecay,
        config.nesterov ? 1 : 0,
      );
    } else {
      // The constants exactly as the TypeScript Adam computes them.
      const { beta1, beta2, epsilon } = config;
      const firstMomentWeight = 1 - beta1;
      this.kernels[`adam_${t}`]!(
        params.byteOffset,
        grad.byteOffset,
        state.byteOffset,
        source.params.byteOffset,
        source.state.byteOffset,
        paramCount,
        from,
        to,
        lr / (1 - beta1 ** step),
        Math.sqrt(1 - beta2 ** step),
        firstMomentWeight,
        1 - firstMomentWeight,
        beta2,
        1 - beta2,
        epsilon,
        weightDecay,
        firstMomentWeight < 0.5 ? 1 : 0,
      );
    }
  }
}
