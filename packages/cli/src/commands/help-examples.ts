// A command's --help examples, each command on a line of its own so that no width breaks one in the middle.

import type { Argv } from 'yargs';

/** One example: the command line (`$0` is the program name) and what it does. */
export type HelpExample = readonly [command: string, description: string];

/**
 * Longest example command (with `$0` as `shardwise`): yargs indents a one-column example by 2 and
 * keeps 2 free on the right, so at the narrowest help width (80) it fits on one line.
 */
export const MAX_EXAMPLE_COMMAND = 76;

/**
 * Adds the examples to `yargs`: a `# description` line, then the command, both as one-column
 * entries. (yargs gives a two-column example only half the width, so commands wrapped mid-way.)
 */
export function withExamples(yargs: Argv, examples: readonly HelpExample[]): Argv {
  for (const [command, description] of examples) yargs.example(`# ${description}`, '').example(command, '');
  return yargs;
}
