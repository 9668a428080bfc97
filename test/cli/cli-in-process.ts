// `shardwise train|bench ...args` run inside the test process, for tests of what the command
// decides from its flags, a checkpoint or an output path (notices, refusals, what is written): the
// command's own flag specs (TRAIN_FLAGS, BENCH_FLAGS, parsed as bin.ts parses them), its
// conversion to options and its run function (runTraining, runBench), with stdout and stderr
// captured, and a failure reported as bin.ts reports it (formatErrorReport, exitCodeOf). Such a
// run costs no Node.js start and module loading (about 0.6 s of CPU per binary run, most of the
// CI's time in these files). What only the binary shows (its wiring, signals, stdio failures,
// yargs' own complaints) stays on runCli, and each file using this checks one report of each
// kind against the binary's, byte for byte.
import { availableParallelism } from 'node:os';
import { Writable } from 'node:stream';
import type { Options } from 'yargs';
import yargs from 'yargs';
import { BENCH_FLAGS } from '../../packages/cli/src/bench/bench-flags.js';
import { benchOptionsFromArgv } from '../../packages/cli/src/bench/bench-options.js';
import { runBench } from '../../packages/cli/src/bench/run-bench.js';
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
    throw new Error(`cli-in-process: the run asked to exit ${code}`);
  },
};

type Argv = Record<string, unknown>;
type Streams = { stdout: Captured; stderr: Captured };

/** Each command as bin.ts's command modules run it: its flags, and its handler's body. */
const COMMANDS: Record<
  string,
  { flags: Record<string, Options>; run: (argv: Argv, io: Streams) => Promise<number> }
> = {
  train: {
    flags: TRAIN_FLAGS,
    run: (argv, { stdout, stderr }) =>
      runTraining(
        trainOptionsFromArgv(argv),
        { json: argv.json === true, quiet: argv.quiet === true },
        { stdout, stderr, signals: NO_SIGNALS, cores: availableParallelism() },
      ),
  },
  bench: {
    flags: BENCH_FLAGS,
    run: async (argv, io) => {
      await runBench(benchOptionsFromArgv(argv), io);
      return 0;
    },
  },
};

/**
 * Runs `shardwise <command> ...args` (train or bench) in this process, from `cwd` when given
 * (relative paths resolve, and print, as they would for the binary started there). A flag yargs
 * itself refuses throws (such tests belong to runCli).
 */
export async function runInProcess(
  [name, ...args]: readonly string[],
  options: { cwd?: string } = {},
): Promise<CliResult> {
  const command = COMMANDS[name ?? ''];
  if (!command) throw new Error(`cli-in-process: no in-process run for ${name}`);
  const stdout = new Captured();
  const stderr = new Captured();
  const startedIn = process.cwd();
  if (options.cwd !== undefined) process.chdir(options.cwd);
  let status: number;
  try {
    const argv = yargs([...args])
      .options(command.flags)
      .strict()
      // As bin.ts: flag values stay the text typed.
      .parserConfiguration({
        'duplicate-arguments-array': false,
        'parse-numbers': false,
        'parse-positional-numbers': false,
      })
      .exitProcess(false)
      .fail((message, error) => {
        throw new Error(`cli-in-process: yargs refused ${args.join(' ')}: ${message ?? error?.message}`);
      })
      .parseSync();
    status = await command.run(argv, { stdout, stderr });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('cli-in-process: ')) throw error;
    stderr.text += formatErrorReport(error, false);
    status = exitCodeOf(error);
  } finally {
    process.chdir(startedIn);
  }
  // The stream callbacks above run synchronously, so the text is complete here.
  return { status, signal: null, stdout: stdout.text, stderr: stderr.text };
}
