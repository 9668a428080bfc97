// The CLI's yargs does not render a running command's help text (yargs' help cache), which only
// cost run time; the help itself is still there when asked for.
import { describe, expect, it } from 'vitest';
import yargs, { type Argv } from 'yargs';
import { skipHelpCache } from './help-cache.js';

/** A one-command CLI, as bin.ts builds its own. */
function cli(args: string[]): Argv {
  return yargs(args)
    .scriptName('tool')
    .command(
      'run',
      'runs it',
      (y) => y.option('size', { type: 'string', describe: 'how big' }),
      () => {},
    )
    .help()
    .exitProcess(false);
}

/** Whether yargs rendered and kept a help text during the parse. */
function hasCachedHelp(y: Argv): boolean {
  type Internal = { getInternalMethods(): { getUsageInstance(): { hasCachedHelpMessage(): boolean } } };
  return (y as unknown as Internal).getInternalMethods().getUsageInstance().hasCachedHelpMessage();
}

describe('skipHelpCache', () => {
  it('keeps yargs from rendering the help of a command that runs', async () => {
    const plain = cli(['run', '--size', '3']);
    await plain.parseAsync();
    // What yargs does by itself: the work skipped below.
    expect(hasCachedHelp(plain)).toBe(true);

    const skipped = cli(['run', '--size', '3']);
    expect(skipHelpCache(skipped)).toBe(true);
    await skipped.parseAsync();
    expect(hasCachedHelp(skipped)).toBe(false);
    expect(await skipped.getHelp()).toContain('runs it');
  });
});
