import type { FloatArray } from '../dtype.js';
import type { OptimizerBackend } from '../optimizers/optimizer.js';
import type { UpdateLoop } from '../optimizers/optimizer-definition.js';
import type { OptimizerKind } from '../optimizers/optimizer-kinds.js';
import { OPTIMIZERS } from '../optimizers/optimizer-table.js';
import { allInMemory } from './in-memory.js';
import { WebAssembly } from './webassembly-types.js';

type Kernel = (...args: number[]) => void;

/**
 * The slice-wise gradient reduction and optimizer update of a data-parallel step, in WebAssembly
 * SIMD over a shared memory. Arithmetic runs in float64 lanes with float32 values rounded on store,
 * as the TypeScript kernels do, so the two backends give bit-identical updates. Give it to an
 * `Optimizer` as its backend; arrays outside the memory fall back to the TypeScript loops.
 */
export class WasmSliceUpdate implements OptimizerBackend {
  private readonly kernels: Record<string, Kernel | undefined>;

  constructor(
    private readonly memory: WebAssembly.Memory,
    module: WebAssembly.Module,
  ) {
    this.kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Record<
      string,
      Kernel | undefined
    >;
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
    const kernel = out instanceof Float32Array ? this.kernel('reduce_f32') : this.kernel('reduce_f64');
    kernel(slots[0]!.byteOffset, stride, weights.byteOffset, shards, from, to, out.byteOffset);
  }

  /**
   * The WebAssembly update of `kind` (exports `<kind>_f32` and `<kind>_f64`, all with the
   * signature of scripts/update-wat.mjs); throws if the module has none, never runs another.
   */
  loopFor(kind: OptimizerKind): UpdateLoop {
    const f32 = this.kernel(`${kind}_f32`);
    const f64 = this.kernel(`${kind}_f64`);
    const fallback = OPTIMIZERS[kind].loop;
    const stateless = OPTIMIZERS[kind].stateSlots === 0;
    const memory = this.memory;
    return (c, params, grad, state, paramCount, from, to, sourceParams, sourceState) => {
      const inMemory = stateless
        ? allInMemory(memory, params, grad, sourceParams)
        : allInMemory(memory, params, grad, state, sourceParams, sourceState);
      if (!inMemory) {
        fallback(c, params, grad, state, paramCount, from, to, sourceParams, sourceState);
        return;
      }
      (params instanceof Float32Array ? f32 : f64)(
        params.byteOffset,
        grad.byteOffset,
        stateless ? 0 : state.byteOffset,
        sourceParams.byteOffset,
        stateless ? 0 : sourceState.byteOffset,
        paramCount,
        from,
        to,
        c[0]!,
        c[1]!,
        c[2]!,
        c[3]!,
        c[4]!,
        c[5]!,
        c[6]!,
        c[7]!,
        c[8]!,
        c[9]!,
      );
    };
  }

  private kernel(name: string): Kernel {
    const kernel = this.kernels[name];
    if (typeof kernel !== 'function') {
      throw new Error(`the WebAssembly kernels have no "${name}": rebuild them (scripts/update-wat.mjs)`);
    }
    return kernel;
  }
}
