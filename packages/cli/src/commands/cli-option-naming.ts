/** The CLI's spelling of options in notices and errors: its flags (`--weight-decay`, `--hidden 64,64`). */

import { type OptionNaming, showValue } from '../trainer/option-naming.js';
import { flagName } from './train-options-from-argv.js';

/** A value as the flag takes it: layer widths comma-separated (`none` for no hidden layer). */
function flagValue(key: string, value: unknown): string {
  if (key === 'hidden' && Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  if (key === 'dropout' && Array.isArray(value)) return value.join(',');
  if (key === 'classWeights' && Array.isArray(value)) return value.join(',');
  return showValue(value);
}

/** Option names as flags, values as typed after them. */
export const CLI_NAMING: OptionNaming = {
  name: (key) => flagName(key),
  option: (key) => `--${flagName(key)}`,
  setting: (key, value) => `--${flagName(key)} ${flagValue(key, value)}`,
  value: flagValue,
};
