/**
 * Ctrl-C handling for a training run. The first SIGINT/SIGTERM asks the run to stop after the
 * step in progress (so the checkpoint can be saved); a second one exits at once, which is safe
 * because checkpoint writes are atomic (a temporary file renamed into place).
 */

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Conventional exit codes: 128 + the signal number. */
export const SIGNAL_EXIT_CODES: Readonly<Record<StopSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

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

  constructor(
    private readonly host: SignalHost,
    /** Told when the first signal arrives (e.g. to end a half-drawn progress line). */
    private readonly onFirst: (signal: StopSignal) => void = () => {},
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
    if (this.received) this.host.exit(SIGNAL_EXIT_CODES[signal]);
    this.received = signal;
    this.onFirst(signal);
    this.stopRun?.();
  }
}
