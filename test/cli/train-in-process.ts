// `shardwise train ...args` run inside the test process, for tests of what the trainer decides
// from the flags and a checkpoint (notices, refusals, what is saved): the train command's own
// flag specs (TRAIN_FLAGS, parsed as bin.ts parses them), trainOptionsFromArgv and runTraining,
// with stdout and stderr captured, and a failure reported as bin.ts reports it (formatErrorReport,
// exitCodeOf). A run so costs no Node.js start and module loading (about 0.6 s of CPU each):
// what only the binary shows (its wiring, signals, stdio failures, yargs' own complaints) stays
// on runCli, and each file using this checks one report of each kind against the binary's.
import { availableParallelism } from 'node:os';
import { Writable } from 'node:stream';
import yargs from 'yargs';
import { runTraining } from '../../packages/cli/src/commands/run-training.js';
import type { SignalHost } from '../../packages/cli/src/commands/stop-signals.js';
import { TRAIN_FLAGS } from '../../packages/cli/src/commands/train-flags.js';
import { trainOptionsFromArgv } from '../../packages/cli/src/commands/train-options-from-argv.js';
import { exitCodeOf } from '../../packages/cli/src/errors.js';
import { formatErrorReport } from '../../packages/cli/src/output/error-report.js';
import type { CliResult } from './cli-harness.js';

/** A stream that keeps what is written to it. */
class Captured extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** No signal arrives in process: nothing to listen to, and no exit to take. */
const NO_SIGNALS: SignalHost = {
  on: () => undefined,
  off: () => undefined,
  exit: (code) => {
    throw new Error(`train-in-process: the run asked to exit ${code}`);
  },
};

/**
 * Runs `shardwise train ...args` (args without `train`) in this process, from `cwd` when given
 * (relative paths resolve, and print, as they would for the binary started there). A flag yargs
 * itself refuses throws (such tests belong to runCli).
 */
export async function trainInProcess(
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<CliResult> {
  const stdout = new Captured();
  const stderr = new Captured();
  const startedIn = process.cwd();
  if (options.cwd !== undefined) process.chdir(options.cwd);
  let status: number;
  try {
    const argv = yargs([...args])
      .options(TRAIN_FLAGS)
      .strict()
      // As bin.ts: flag values stay the text typed.
      .parserConfiguration({
        'duplicate-arguments-array': false,
        'parse-numbers': false,
        'parse-positional-numbers': false,
      })
      .exitProcess(false)
      .fail((message, error) => {
        throw error ?? new Error(`train-in-process: yargs refused ${args.join(' ')}: ${message}`);
      })
      .parseSync();
    status = await runTraining(
      trainOptionsFromArgv(argv),
      { json: argv.json === true, quiet: argv.quiet === true },
      { stdout, stderr, signals: NO_SIGNALS, cores: availableParallelism() },
    );
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('train-in-process: ')) throw error;
    stderr.text += formatErrorReport(error, false);
    status = exitCodeOf(error);
  } finally {
    process.chdir(startedIn);
  }
  // The stream callbacks above run synchronously, so the text is complete here.
  return { status, signal: null, stdout: stdout.text, stderr: stderr.text };
}
