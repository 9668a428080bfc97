/**
 * How `shardwise train` reports progress, by output mode:
 * - live: a progress bar on stderr (a terminal), finished epochs kept as lines, a summary table;
 * - plain: one line per epoch and a summary line on stdout (logs, pipes);
 * - json: one JSON object per epoch and a summary object on stdout;
 * - quiet: nothing.
 */

import type { RunConfiguration } from '../trainer/run-configuration.js';
import type { EpochMetrics, StepMetrics } from '../trainer/train-options.js';
import { epochRecord, jsonLine, startRecord, summaryRecord } from './json-lines.js';
import { formatEpochLine, formatSummaryLine } from './plain-lines.js';
import { formatProgressLine } from './progress-line.js';
import { ProgressTracker, type RunShape } from './progress-tracker.js';
import type { RunSummary } from './run-summary.js';
import { formatSummaryTable } from './summary-table.js';

export type OutputMode = 'live' | 'plain' | 'json' | 'quiet';

export function chooseOutputMode(flags: { json: boolean; quiet: boolean; stderrIsTTY: boolean }): OutputMode {
  if (flags.json) return 'json';
  if (flags.quiet) return 'quiet';
  return flags.stderrIsTTY ? 'live' : 'plain';
}

export interface TextSink {
  write(text: string): unknown;
}

export interface ReporterIO {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Milliseconds, monotonic. */
  readonly now: () => number;
  /** Terminal width for the live bar. */
  readonly columns: () => number;
}

export interface TrainReporter {
  /** Called once the trainer exists and the shape of the run is known; `--json` prints the configuration. */
  start(shape: RunShape, configuration?: RunConfiguration): void;
  step(metrics: StepMetrics): void;
  epoch(metrics: EpochMetrics): void;
  finish(summary: RunSummary): void;
  /** Ends a half-drawn bar line so a notice can follow on its own line. */
  interrupt(): void;
}

/** Redraw the live bar at most this often. */
export const REDRAW_INTERVAL_MS = 100;
const CLEAR_TO_END = '\x1b[K';

export function createTrainReporter(mode: OutputMode, io: ReporterIO): TrainReporter {
  switch (mode) {
    case 'live':
      return new LiveReporter(io);
    case 'plain':
      return new LineReporter(
        (metrics, total) => `${formatEpochLine(metrics, total)}\n`,
        formatPlainSummary,
        io,
      );
    case 'json':
      return new LineReporter(
        (metrics) => jsonLine(epochRecord(metrics)),
        formatJsonSummary,
        io,
        (c) => jsonLine(startRecord(c)),
      );
    case 'quiet':
      return SILENT;
  }
}

const formatPlainSummary = (summary: RunSummary) => `${formatSummaryLine(summary)}\n`;
const formatJsonSummary = (summary: RunSummary) => jsonLine(summaryRecord(summary));

const SILENT: TrainReporter = {
  start() {},
  step() {},
  epoch() {},
  finish() {},
  interrupt() {},
};

/** Plain text and JSON: one stdout line per epoch, one at the end. */
class LineReporter implements TrainReporter {
  private epochsTotal = 0;

  constructor(
    private readonly formatEpoch: (metrics: EpochMetrics, epochsTotal: number) => string,
    private readonly formatSummary: (summary: RunSummary) => string,
    private readonly io: ReporterIO,
    private readonly formatStart?: (configuration: RunConfiguration) => string,
  ) {}

  start(shape: RunShape, configuration?: RunConfiguration): void {
    this.epochsTotal = shape.epochsTotal;
    if (configuration && this.formatStart) this.io.stdout.write(this.formatStart(configuration));
  }
  step(): void {}
  epoch(metrics: EpochMetrics): void {
    this.io.stdout.write(this.formatEpoch(metrics, this.epochsTotal));
  }
  finish(summary: RunSummary): void {
    this.io.stdout.write(this.formatSummary(summary));
  }
  interrupt(): void {}
}

/** The terminal view: a bar redrawn in place with `\r`, throttled to ~10 frames a second. */
class LiveReporter implements TrainReporter {
  private tracker: ProgressTracker | undefined;
  private epochsTotal = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private barShown = false;
  private currentEpoch = -1;
  /** When the epoch now running began: the run's start, then each previous epoch's end. */
  private epochStartedAt = 0;

  constructor(private readonly io: ReporterIO) {}

  start(shape: RunShape): void {
    this.epochsTotal = shape.epochsTotal;
    this.epochStartedAt = this.io.now();
    this.tracker = new ProgressTracker(shape, this.epochStartedAt);
  }

  step(metrics: StepMetrics): void {
    if (!this.tracker) return;
    if (metrics.epoch !== this.currentEpoch) {
      this.currentEpoch = metrics.epoch;
      this.tracker.startEpoch(this.epochStartedAt);
    }
    const now = this.io.now();
    const state = this.tracker.record(metrics, now);
    if (now - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = now;
    this.io.stderr.write(`\r${formatProgressLine(state, this.io.columns())}${CLEAR_TO_END}`);
    this.barShown = true;
  }

  epoch(metrics: EpochMetrics): void {
    this.epochStartedAt = this.io.now();
    this.io.stderr.write(`\r${formatEpochLine(metrics, this.epochsTotal)}${CLEAR_TO_END}\n`);
    this.barShown = false;
    this.lastDraw = Number.NEGATIVE_INFINITY;
  }

  finish(summary: RunSummary): void {
    this.interrupt();
    this.io.stdout.write(formatSummaryTable(summary));
  }

  interrupt(): void {
    if (this.barShown) this.io.stderr.write('\n');
    this.barShown = false;
  }
}
