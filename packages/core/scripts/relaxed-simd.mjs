// Relaxed SIMD (the kernels' fused multiply-add build) is on by default from Node 22; Node 20's V8
// has it behind --experimental-wasm-relaxed-simd, a flag later releases no longer recognise (and
// print a warning for). So the flag is set only where the relaxed build fails to validate.
import { setFlagsFromString } from 'node:v8';

/**
 * Whether `relaxedValidates()` holds, setting V8's relaxed-SIMD flag first where it does not
 * without it. For the build script, the tests and the benchmarks that need both kernel builds.
 */
export function enableRelaxedSimd(relaxedValidates) {
  if (relaxedValidates()) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedValidates();
}
