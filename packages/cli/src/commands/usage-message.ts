/**
 * yargs validation messages, made into one line each and phrased with flags as the user typed
 * them (`--lr`, not `lr`). Anything not recognised is kept, only collapsed onto one line.
 */

import { closestName } from '../trainer/closest-name.js';

const MISSING_VALUE = /^Not enough arguments following: (\S+)$/;
const MISSING_FLAGS = /^Missing required arguments?: (.+)$/;
const UNKNOWN = /^Unknown arguments?: (.+)$/;
const DID_YOU_MEAN = /^Did you mean (.+)\?$/;

/** yargs' own errors (parse failures such as a flag missing its value) are usage errors too. */
export function isYargsError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'YError';
}

const dashed = (name: string) => (name.startsWith('-') ? name : `--${name}`);
const splitList = (names: string) => names.split(',').map((name) => name.trim());

/**
 * One line for `yargsMessage`; `args` are the command-line arguments (after the script), and
 * `knownFlags` the command's flag names, from which an unknown flag gets a "did you mean".
 */
export function usageMessage(
  yargsMessage: string,
  args: readonly string[] = [],
  knownFlags: readonly string[] = [],
): string {
  // yargs joins several problems with newlines; the first is the one to fix first.
  const lines = yargsMessage
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // An unknown flag usually explains the rest (a misspelled required flag is also "missing").
  const first = lines.find((line) => UNKNOWN.test(line)) ?? lines[0];
  if (first === undefined) return 'invalid command line';
  const missingValue = MISSING_VALUE.exec(first);
  if (missingValue) return `${dashed(missingValue[1]!)} needs a value`;
  const missingFlags = MISSING_FLAGS.exec(first);
  const misspelled = missingFlags && misspelledRequiredFlag(splitList(missingFlags[1]!), args, knownFlags);
  if (misspelled) return misspelled;
  if (missingFlags) return `missing required ${splitList(missingFlags[1]!).map(dashed).join(', ')}`;
  const suggestion = DID_YOU_MEAN.exec(first);
  if (suggestion) {
    const typed = args.find((arg) => !arg.startsWith('-'));
    return `unknown command${typed ? ` ${typed}` : ''}; did you mean ${suggestion[1]}?`;
  }
  const unknown = UNKNOWN.exec(first);
  if (unknown) {
    const names = unknownAsTyped(splitList(unknown[1]!), args);
    return `unknown ${names.length > 1 ? 'arguments' : 'argument'} ${names.join(', ')}${suggestFlag(names, knownFlags)}`;
  }
  return lines.join(' ');
}

/** `; did you mean --epochs?` for a single mistyped flag with a close known one, else nothing. */
function suggestFlag(names: readonly string[], knownFlags: readonly string[]): string {
  if (names.length !== 1 || !names[0]!.startsWith('-')) return '';
  const typed = names[0]!.replace(/^-+(no-)?/, '');
  const known = [...new Set(knownFlags.filter((flag) => flag.length > 1).map(kebab))];
  const suggestion = closestName(typed, known);
  return suggestion === undefined ? '' : `; did you mean --${suggestion}?`;
}

/**
 * yargs reports a required flag as missing before it reports unknown ones: when an unknown flag
 * typed is a misspelling of the missing one, say that instead (`--modle` → `--model`).
 */
function misspelledRequiredFlag(
  missing: readonly string[],
  args: readonly string[],
  knownFlags: readonly string[],
): string | undefined {
  const known = new Set(knownFlags.map(kebab));
  for (const arg of args) {
    if (!arg.startsWith('-')) continue;
    const typed = arg.split('=')[0]!;
    const name = typed.replace(/^-+/, '');
    if (known.has(kebab(name)) || known.has(name)) continue;
    const suggestion = closestName(name, missing.map(kebab));
    if (suggestion !== undefined) return `unknown argument ${typed}; did you mean --${suggestion}?`;
  }
  return undefined;
}

/**
 * yargs names unknown flags without dashes, twice for kebab-case ones (`foo-bar, fooBar`) and
 * with `no-` stripped; show each once, the way it was typed.
 */
function unknownAsTyped(names: readonly string[], args: readonly string[]): string[] {
  const shown = new Set<string>();
  for (const name of names) {
    const spelled = kebab(name);
    const typed = args.find((arg) => {
      const flag = arg.split('=')[0]!;
      return [`--${spelled}`, `--no-${spelled}`, `--${name}`, `-${name}`].includes(flag);
    });
    shown.add(typed ? typed.split('=')[0]! : name);
  }
  return [...shown];
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
