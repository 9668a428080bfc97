#!/usr/bin/env node
/**
 * The `shardwise` command line. Every failure ends here: user errors print one line (and a
 * hint) and exit with their kind's code, flag problems exit 2, anything else is an internal
 * error (exit 1, stack with SHARDWISE_DEBUG=1).
 */

import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { benchCommand } from './commands/bench-command.js';
import { evalCommand } from './commands/eval-command.js';
import { skipHelpCache } from './commands/help-cache.js';
import { predictCommand } from './commands/predict-command.js';
import { trainCommand } from './commands/train-command.js';
import { isYargsError, usageMessage } from './commands/usage-message.js';
import { exitCodeOf, UsageError } from './errors.js';
import { formatErrorReport, isDebugEnabled } from './output/error-report.js';
import { describeStreamFailure, guardStream } from './output/stdio-guard.js';
import { withMpiRank } from './trainer/mpi-session.js';

function packageVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function buildCli(args: string[]) {
  return (
    yargs(args)
      .scriptName('shardwise')
      .usage('$0 <command> [flags]')
      .command(trainCommand)
      .command(benchCommand)
      .command(evalCommand)
      .command(predictCommand)
      .demandCommand(1, 'choose a command: train, eval, predict or bench (see shardwise --help)')
      .recommendCommands()
      .strict()
      // Flag values stay the text typed: the commands validate them and quote them in messages.
      .parserConfiguration({
        'duplicate-arguments-array': false,
        'parse-numbers': false,
        'parse-positional-numbers': false,
      })
      .fail((message, error, usage) => {
        // Errors thrown by handlers pass through untouched; yargs' own complaints become UsageErrors.
        throw error && !isYargsError(error)
          ? error
          : toUsageError(message ?? error?.message ?? '', args, flagsOf(usage));
      })
      .help()
      .alias('help', 'h')
      .version(packageVersion())
      // A terminal's width; through a pipe, $COLUMNS when set (as shells export it), else 80.
      .wrap(Math.min(110, process.stdout.columns ?? (Number(process.env.COLUMNS) || 80)))
      .exitProcess(false)
  );
}

/**
 * The flags of the command being parsed, for "did you mean": yargs passes its usage object to
 * `fail`, whose descriptions are keyed by flag (empty if a yargs version cannot say).
 */
function flagsOf(usage: unknown): string[] {
  const descriptions = (usage as { getDescriptions?: () => Record<string, unknown> }).getDescriptions?.();
  return Object.keys(descriptions ?? {});
}

function toUsageError(yargsMessage: string, args: string[], knownFlags: string[] = []): UsageError {
  return new UsageError(usageMessage(yargsMessage, args, knownFlags));
}

/** Waits until what was written to stdout has been handed over, so exiting loses nothing. */
function flushStdout(): Promise<void> {
  return new Promise((resolve) => {
    if (stdoutHealth.broken || process.stdout.destroyed || process.stdout.writableEnded) resolve();
    else process.stdout.write('', () => resolve());
  });
}

// Before anything is written: a failing stdout or stderr is reported, never a crash (see stdio-guard.ts).
const stdoutHealth = guardStream(process.stdout);
const stderrHealth = guardStream(process.stderr);

async function main(): Promise<number> {
  try {
    const cli = buildCli(hideBin(process.argv));
    skipHelpCache(cli);
    await cli.parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (thrown) {
    // A command that gave up because stdout failed: reported below, like any stdout failure.
    if (thrown === stdoutHealth.failure) return 0;
    const error = isYargsError(thrown) ? toUsageError(thrown.message, hideBin(process.argv)) : thrown;
    process.stderr.write(withMpiRank(formatErrorReport(error, isDebugEnabled(process.env))));
    return exitCodeOf(error);
  }
}

/** The exit code once stdout and stderr are accounted for: a lost write is exit 1 (a reader that left is not). */
function withOutputFailures(code: number): number {
  const stdoutFailure = stdoutHealth.failure;
  if (stdoutFailure !== undefined) {
    process.stderr.write(`shardwise: ${describeStreamFailure('stdout', stdoutFailure)}\n`);
  }
  const lost = stdoutFailure !== undefined || stderrHealth.failure !== undefined;
  return lost && code === 0 ? 1 : code;
}

// Exit explicitly: a stray handle (a worker that failed to stop) must not keep the CLI alive.
const code = await main();
await flushStdout();
process.exit(withOutputFailures(code));
