/**
 * Ctrl-C handling for a training run. The first SIGINT/SIGTERM asks the run to stop after the
 * step in progress (so the checkpoint can be saved); a second one exits at once, which is safe
 * because checkpoint writes are atomic (a temporary file renamed into place). A second one that
 * comes while a checkpoint is being written says so in one line and exits as soon as the write is
 * complete (no temporary file is left, the checkpoint is whole); a third abandons the write,
 * removing its temporary file, and exits: the file keeps its previous content.
 */

import { abandonWritesSync, whenWritesSettle, writesInFlight } from '../io/atomic-write.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Conventional exit codes: 128 + the signal number. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

/** The file writes a signal may interrupt (atomic-write.ts's, by default). */
export interface WritesInFlight {
  /** Paths being written right now. */
  inFlight(): string[];
  /** Calls `listener` once every write has completed or failed. */
  whenSettled(listener: () => void): void;
  /** Removes the temporary files of the writes in flight; returns their paths. */
  abandon(): string[];
}

const ATOMIC_WRITES: WritesInFlight = {
  inFlight: writesInFlight,
  whenSettled: whenWritesSettle,
  abandon: abandonWritesSync,
};

/** What the process offers a StopSignals: signal listeners and exit. */
export interface SignalHost {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
  exit(code: number): never;
}

export class StopSignals {
  /** The first signal received, if any. */
  received: StopSignal | undefined;
  private readonly listeners = new Map<StopSignal, () => void>();
  private stopRun: (() => void) | undefined;
  private exitingAfterWrite = false;

  constructor(
    private readonly host: SignalHost,
    /** Told when the first signal arrives (e.g. to end a half-drawn progress line). */
    private readonly onFirst: (signal: StopSignal) => void = () => {},
    /** Where the one-line notices of a later signal go (stderr). */
    private readonly say: (line: string) => void = () => {},
    private readonly writes: WritesInFlight = ATOMIC_WRITES,
  ) {
    for (const signal of SIGNALS) {
      const listener = () => this.handle(signal);
      this.listeners.set(signal, listener);
      host.on(signal, listener);
    }
  }

  /** What to call to stop the run; called at once if a signal already came (e.g. during start-up). */
  onStop(stop: () => void): void {
    this.stopRun = stop;
    if (this.received) stop();
  }

  dispose(): void {
    for (const [signal, listener] of this.listeners) this.host.off(signal, listener);
    this.listeners.clear();
  }

  private handle(signal: StopSignal): void {
    if (this.received) {
      this.handleAgain(signal);
      return;
    }
    this.received = signal;
    this.onFirst(signal);
    this.stopRun?.();
  }

  /** A second (or later) signal: exit now, or once the checkpoint being written is whole. */
  private handleAgain(signal: StopSignal): void {
    const code = SIGNAL_EXIT_CODES[signal];
    const saving = this.writes.inFlight();
    if (saving.length === 0) this.host.exit(code);
    if (!this.exitingAfterWrite) {
      this.exitingAfterWrite = true;
      this.say(
        `shardwise: ${signal} again while saving ${saving.join(', ')}: exiting as soon as it is written (once more to abandon it)\n`,
      );
      this.writes.whenSettled(() => this.host.exit(code));
      return;
    }
    const abandoned = this.writes.abandon();
    this.say(`shardwise: save to ${abandoned.join(', ')} abandoned; the file keeps its previous content\n`);
    this.host.exit(code);
  }
}
