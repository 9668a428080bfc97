/**
 * The body of `shardwise train`: start the trainer, run the epochs while reporting progress,
 * save the checkpoint, and turn Ctrl-C / SIGTERM into "finish the step, save, exit 130/143".
 */

import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { type RunStop, summarizeRun } from '../output/run-summary.js';
import type { StreamHealth } from '../output/stdio-guard.js';
import { chooseOutputMode, createTrainReporter } from '../output/train-reporter.js';
import type { EpochMetrics, StepMetrics, TrainOptions } from '../trainer/train-options.js';
import { Trainer } from '../trainer/trainer.js';
import { CLI_NAMING } from './cli-option-naming.js';
import { checkOutputPath } from './output-path-check.js';
import { SIGNAL_EXIT_CODES, type SignalHost, StopSignals } from './stop-signals.js';
import { injectTestFault, TEST_FAULT_VARIABLE } from './test-fault.js';

export interface TrainOutputFlags {
  readonly json: boolean;
  readonly quiet: boolean;
}

export interface TrainRunIO {
  readonly stdout: Writable & { columns?: number };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly signals: SignalHost;
  /**
   * Whether stdout still reaches anyone (see output/stdio-guard.ts). When it breaks and there is no
   * --out, the run's results can no longer go anywhere, so it stops after the step in progress;
   * with --out it trains on and saves.
   */
  readonly stdoutHealth?: StreamHealth;
  /** Cores of this machine, for the oversubscription warning; default `os.availableParallelism()`. */
  readonly cores?: number;
}

const DEFAULT_COLUMNS = 80;

/** Runs the training described by `options`; resolves with the process exit code. */
export async function runTraining(
  options: TrainOptions,
  flags: TrainOutputFlags,
  io: TrainRunIO,
): Promise<number> {
  const startedAt = performance.now();
  await checkOutputPath(options);

  const mode = chooseOutputMode({ ...flags, stderrIsTTY: io.stderr.isTTY === true });
  const reporter = createTrainReporter(mode, {
    stdout: io.stdout,
    stderr: io.stderr,
    now: () => performance.now(),
    columns: () => io.stderr.columns || DEFAULT_COLUMNS,
  });
  const history: EpochMetrics[] = [];
  const signals = new StopSignals(
    io.signals,
    () => reporter.interrupt(),
    (line) => io.stderr.write(line),
  );
  // Until the trainer exists, a stop signal aborts the set-up (generating or reading the data).
  const setup = new AbortController();
  signals.onStop(() => setup.abort());
  let trainer: Trainer | undefined;
  try {
    trainer = await Trainer.create(
      {
        ...options,
        signal: setup.signal,
        // Only the live bar shows steps. Without onStep the trainer runs each epoch as one run of
        // the engine; with it, in chunks of about 0.1 s, each a start/stop of the workers (which
        // cost 14 ms per 32-step epoch under load: BENCHMARKS.md §4).
        ...(mode === 'live' && { onStep: (metrics: StepMetrics) => reporter.step(metrics) }),
        onEpoch: (metrics) => {
          history.push(metrics);
          reporter.epoch(metrics);
        },
        // On stderr in every output mode, so --json keeps stdout to JSON lines.
        onNotice: (message) => io.stderr.write(`shardwise: ${message}\n`),
      },
      CLI_NAMING,
    );
    const running = trainer;
    injectTestFault(running, process.env[TEST_FAULT_VARIABLE]);
    running.onRetry = (message) => {
      reporter.interrupt();
      io.stderr.write(`warning: ${message}\n`);
    };
    signals.onStop(() => running.requestStop());
    if (options.out === undefined) io.stdoutHealth?.onBroken(() => running.requestStop());
    const cores = io.cores ?? availableParallelism();
    if (running.summary.workers > cores)
      io.stderr.write(oversubscribedWarning(running.summary.workers, cores));
    reporter.start(
      {
        epochsTotal: running.epochsTotal,
        stepsPerEpoch: running.stepsPerEpoch,
        rows: running.summary.rows,
      },
      running.configuration,
    );
    while (running.epochsDone < running.epochsTotal && !running.stopped) await running.epoch();
    if (options.out !== undefined) await running.save(options.out);

    reporter.finish(
      summarizeRun(history, {
        epochs: running.epochsDone,
        seconds: (performance.now() - startedAt) / 1000,
        workers: running.summary.workers,
        ranks: running.summary.ranks,
        kernels: running.summary.kernels,
        parameters: running.summary.parameters,
        out: options.out ?? null,
        stopped: signals.received ?? stopOf(running),
        best: running.bestEpoch,
      }),
    );
    if (signals.received === undefined) return 0;
    io.stderr.write(interruptNotice(signals.received, running, options.out));
    return SIGNAL_EXIT_CODES[signals.received];
  } catch (error) {
    const abortedSetup =
      trainer === undefined && setup.signal.aborted && (error as Error)?.name === 'AbortError';
    if (!abortedSetup || signals.received === undefined) throw error;
    io.stderr.write(`shardwise: stopped by ${signals.received} while loading the data; nothing trained\n`);
    return SIGNAL_EXIT_CODES[signals.received];
  } finally {
    await trainer?.close();
    signals.dispose();
  }
}

/** More threads than cores is allowed (results do not change), but they then take turns. */
export function oversubscribedWarning(workers: number, cores: number): string {
  return `warning: --workers ${workers} is more than the ${cores} core${cores === 1 ? '' : 's'} here; threads will share cores\n`;
}

/** Why the run stopped early without a signal: early stopping, or a stop asked for (stdout closed). */
function stopOf(trainer: Trainer): RunStop | null {
  const reason = trainer.stopReason;
  if (reason === 'early-stopping') return reason;
  return reason === 'requested' && trainer.epochsDone < trainer.epochsTotal ? reason : null;
}

function interruptNotice(signal: string, trainer: Trainer, out: string | undefined): string {
  const progress = `after ${trainer.epochsDone} of ${trainer.epochsTotal} epochs`;
  const saved = out === undefined ? 'nothing saved (no --out)' : `checkpoint saved to ${out}`;
  return `shardwise: stopped by ${signal} ${progress}; ${saved}\n`;
}
