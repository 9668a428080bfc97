// The early refusal of `kernels: 'native'` where the CBLAS addon cannot run, with the way out
// when the value came from the checkpoint a resume continues rather than from the caller.

import { UsageError } from '../errors.js';
import { type KernelAvailability, type KernelChoice, kernelAvailability } from '../model/kernel-choice.js';
import type { OptionNaming } from './option-naming.js';

/**
 * Throws a UsageError when `kernels` is `'native'` and the native kernels cannot run here (checked
 * before anything is loaded). `savedIn` names the checkpoint the value was restored from (a resume
 * without an explicit `kernels`): the error then says so and hints the WebAssembly kernels, which
 * resume the run without the addon (only float rounding differs).
 */
export function checkNativeKernelsRunHere(
  kernels: KernelChoice,
  savedIn: string | undefined,
  naming: OptionNaming,
  available: () => KernelAvailability = kernelAvailability,
): void {
  if (kernels !== 'native') return;
  const { nativeMissing } = available();
  if (nativeMissing === null) return;
  const flag = naming.option('kernels');
  if (savedIn === undefined) throw new UsageError(`${flag} native: ${nativeMissing}`);
  throw new UsageError(`${flag} native (saved in ${savedIn}): ${nativeMissing}`, {
    hint: `${naming.setting('kernels', 'wasm')} resumes it on the WebAssembly kernels without the addon (results then differ from an uninterrupted run only in float rounding)`,
  });
}
