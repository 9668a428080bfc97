// yargs option specs shared by the commands. Values reach each command's own parser as the text
// typed (number parsing is off in bin.ts), which validates them and names the flag in its messages;
// defaults are only described here.
import type { Options } from 'yargs';

/** Values of --kernels, for train, bench, eval and predict. */
export const KERNEL_CHOICES = ['auto', 'wasm', 'ts'] as const;

/** Values of --kernels for train and bench: also 'native' (the GEMMs on the system's CBLAS). */
export const TRAIN_KERNEL_CHOICES = [...KERNEL_CHOICES, 'native'] as const;

/** --kernels of eval and predict, which run the model on the calling thread. */
export const FORWARD_KERNELS_FLAG: Options = {
  requiresArg: true,
  describe: `compute kernels: WebAssembly SIMD, TypeScript, or auto (wasm if supported) (${KERNEL_CHOICES.join('|')})`,
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
