// nativeLayerKernels sends tanh's forward to the addon (where built) and every other activation,
// the backward and the GEMM-free kernels to the kernels it wraps, bit for bit; with an addon built
// without libmvec, tanh stays on the wrapped kernels. Skipped, with the reason, without the addon.
import {
  ACTIVATIONS,
  type ActivationName,
  compileKernelModule,
  OUTPUT_ACTIVATIONS,
  WASM_GEMM_SCRATCH_BYTES,
  WasmLayerKernels,
  WebAssembly,
} from '@shardwise/core';
import { describe, expect, it } from 'vitest';
import { loadNativeBlas, type NativeBlas } from './load-native-blas.js';
import { nativeForwardActivations, nativeLayerKernels } from './native-layer-kernels.js';

const { blas, reason } = loadNativeBlas();
if (!blas) console.warn(`native layer kernel tests skipped: ${reason}`);

const module = compileKernelModule('simd');
if (!module) throw new Error('WebAssembly SIMD is not available here');
const memory = new WebAssembly.Memory({ initial: 64, maximum: 64, shared: true });
const wasm = new WasmLayerKernels(memory, module, 0);
const P = { negativeSlope: 0.01 };
const ROWS = 4;
const COLS = 21;
const N = ROWS * COLS;
const source = Float32Array.from({ length: N }, (_, i) => Math.sin(i * 0.9) * 4);
const bias = Float32Array.from({ length: COLS }, (_, i) => Math.cos(i) * 0.3);

/** Arrays for one forward in the wasm memory, at disjoint places per `slot`. */
function arrays(slot: number): { z: Float32Array; b: Float32Array; input: Float32Array } {
  const at = WASM_GEMM_SCRATCH_BYTES + slot * 4 * (2 * N + COLS);
  const z = new Float32Array(memory.buffer, at, N);
  const b = new Float32Array(memory.buffer, at + 4 * N, COLS);
  const input = new Float32Array(memory.buffer, at + 4 * (N + COLS), N);
  z.set(source);
  b.set(bias);
  return { z, b, input };
}

const EVERY: ActivationName[] = [...new Set<ActivationName>([...ACTIVATIONS, ...OUTPUT_ACTIVATIONS])];

describe(blas ? 'nativeLayerKernels' : `nativeLayerKernels (skipped: ${reason})`, () => {
  it.skipIf(!blas)(
    'tanh forward on the addon where built, every other activation on the wrapped kernels',
    () => {
      const native = blas!;
      expect(nativeForwardActivations(native)).toEqual(native.biasTanh ? ['tanh'] : []);
      const kernels = nativeLayerKernels(wasm, native);
      expect(kernels.gemm).toBe(native.gemm);
      expect(kernels.activationBackwardSums).toBe(wasm.activationBackwardSums);
      expect(kernels.gatherRows).toBe(wasm.gatherRows);
      for (const activation of EVERY) {
        const ours = arrays(0);
        kernels.biasActivation(ours.z, ROWS, COLS, ours.b, 0, activation, P, ours.input);
        const expected = arrays(1);
        if (activation === 'tanh' && native.biasTanh) native.biasTanh(expected.z, ROWS, COLS, expected.b, 0);
        else wasm.biasActivation(expected.z, ROWS, COLS, expected.b, 0, activation, P, expected.input);
        expect(Array.from(ours.z), activation).toEqual(Array.from(expected.z));
      }
      // tanh on libmvec is not the wasm kernel's float64 tanh rounded: the test above must compare it.
      if (native.biasTanh) {
        const a = arrays(0);
        const w = arrays(1);
        native.biasTanh(a.z, ROWS, COLS, a.b, 0);
        wasm.biasActivation(w.z, ROWS, COLS, w.b, 0, 'tanh', P, null);
        expect(a.z.some((v, i) => v !== w.z[i])).toBe(true);
      }
    },
  );

  it.skipIf(!blas)('an addon without biasTanh leaves tanh on the wrapped kernels', () => {
    const withoutTanh: NativeBlas = { gemm: blas!.gemm, info: blas!.info };
    expect(nativeForwardActivations(withoutTanh)).toEqual([]);
    const ours = arrays(0);
    nativeLayerKernels(wasm, withoutTanh).biasActivation(ours.z, ROWS, COLS, ours.b, 0, 'tanh', P, null);
    const expected = arrays(1);
    wasm.biasActivation(expected.z, ROWS, COLS, expected.b, 0, 'tanh', P, null);
    expect(Array.from(ours.z)).toEqual(Array.from(expected.z));
  });
});
