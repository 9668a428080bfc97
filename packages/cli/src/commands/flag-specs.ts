// yargs option specs shared by the commands. Values reach each command's own parser as the text
// typed (number parsing is off in bin.ts), which validates them and names the flag in its messages;
// defaults are only described here.
import type { Options } from 'yargs';
import { FORWARD_KERNEL_CHOICES, KERNEL_CHOICES } from '../model/kernel-choice.js';

export { FORWARD_KERNEL_CHOICES, KERNEL_CHOICES };

/** --kernels of eval and predict, which run the model on the calling thread. */
export const FORWARD_KERNELS_FLAG: Options = {
  requiresArg: true,
  describe: `compute kernels: WebAssembly SIMD, TypeScript, native (GEMMs on the system CBLAS), or auto (native where built and a layer has 1024+ weights, else wasm if supported) (${FORWARD_KERNEL_CHOICES.join('|')})`,
  defaultDescription: 'auto',
};

/** A flag taking a value; `choices` are listed in the description rather than enforced by yargs. */
export function valueFlag(
  group: string,
  describe: string,
  fallback?: unknown,
  choices?: readonly string[],
): Options {
  const spec: Options = {
    requiresArg: true,
    group,
    describe: choices ? `${describe} (${choices.join('|')})` : describe,
  };
  if (fallback !== undefined) spec.defaultDescription = String(fallback);
  return spec;
}

/** An on/off flag (`--x` / `--no-x`). */
export function switchFlag(group: string, describe: string, fallback?: boolean): Options {
  const spec: Options = { type: 'boolean', group, describe };
  if (fallback !== undefined) spec.defaultDescription = String(fallback);
  return spec;
}
