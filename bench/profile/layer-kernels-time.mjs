// The elementwise layer kernels, TypeScript against WebAssembly, at 256 × 512 (medians of 15):
// bias + activation forward, and activation backward with the bias gradient.
//   node bench/profile/layer-kernels-time.mjs
import { compileKernelModule, TS_LAYER_KERNELS, WasmArena } from '../../packages/core/dist/index.js';

const rows = 256;
const cols = 512;
const arena = new WasmArena(compileKernelModule('simd'), 16);
const wasm = arena.layerKernels();
for (const dtype of ['f32', 'f64']) {
  const [z, g] = [arena.floats(dtype, rows * cols), arena.floats(dtype, rows * cols)];
  const [b, db] = [arena.floats(dtype, cols), arena.floats(dtype, cols)];
  const source = z.map(() => Math.random() * 4 - 2);
  const median = (fn) => {
    const times = [];
    for (let r = 0; r < 15; r++) {
      z.set(source);
      const start = performance.now();
      fn();
      times.push(performance.now() - start);
    }
    return times.sort((x, y) => x - y)[7];
  };
  for (const activation of ['relu', 'tanh', 'sigmoid']) {
    const forward = [TS_LAYER_KERNELS, wasm].map((k) =>
      median(() => k.biasActivation(z, rows, cols, b, 0, activation)),
    );
    const backward = [TS_LAYER_KERNELS, wasm].map((k) =>
      median(() => k.activationBackwardSums(activation, z, g, rows, cols, db, 0)),
    );
    const show = ([ts, w]) => `ts ${ts.toFixed(3)} ms, wasm ${w.toFixed(3)} ms (${(ts / w).toFixed(1)}×)`;
    console.log(
      `${dtype} ${activation.padEnd(7)} forward: ${show(forward)}   backward + bias gradient: ${show(backward)}`,
    );
  }
}
