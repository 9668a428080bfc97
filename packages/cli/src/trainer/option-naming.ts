/**
 * How options appear in the messages of a run started from a checkpoint: the library names them
 * as `TrainOptions` keys (`weightDecay`, `hidden [32]`), the CLI as its flags (`weight-decay`,
 * `--hidden 32`), so each user reads back what they typed.
 */

import { preview } from '../io/value-preview.js';

/** Spelling of option names and values in notices and errors (`Trainer.create`'s second argument). */
export interface OptionNaming {
  /** The option's name in prose: `weightDecay` (library) or `weight-decay` (CLI). */
  name(key: string): string;
  /** The option as it is written: `weightDecay` (library) or `--weight-decay` (CLI). */
  option(key: string): string;
  /** The option as it is written with a value: `hidden [32]` (library) or `--hidden 32` (CLI). */
  setting(key: string, value: unknown): string;
  /** A value alone: `[64,64]` (library) or `64,64` (CLI). */
  value(key: string, value: unknown): string;
}

/** Longest text from a file (a saved data path, say) shown as it is; longer is previewed. */
const PLAIN_TEXT_LIMIT = 200;

/**
 * A value for a one-line message. Values may come from a checkpoint (untrusted): text with
 * control characters or of unbounded length is quoted and shortened.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const plain = value.length <= PLAIN_TEXT_LIMIT && !hasControlCharacter(value);
    return plain ? value : preview(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return preview(value);
}

/** True when `text` holds a C0 or C1 control character (a newline or a terminal escape, say). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** The library's spelling: option keys, values as in code (arrays in brackets). */
export const LIBRARY_NAMING: OptionNaming = {
  name: (key) => key,
  option: (key) => key,
  setting: (key, value) => `${key} ${showValue(value)}`,
  value: (_key, value) => showValue(value),
};
