import { describe, expect, it, vi } from 'vitest';
import { type SignalHost, type StopSignal, StopSignals } from './stop-signals.js';

class FakeHost implements SignalHost {
  readonly listeners = new Map<StopSignal, Set<() => void>>();
  readonly exits: number[] = [];
  on(signal: StopSignal, listener: () => void) {
    if (!this.listeners.has(signal)) this.listeners.set(signal, new Set());
    this.listeners.get(signal)!.add(listener);
  }
  off(signal: StopSignal, listener: () => void) {
    this.listeners.get(signal)?.delete(listener);
  }
  exit(code: number): never {
    this.exits.push(code);
    throw new Error(`exit ${code}`);
  }
  send(signal: StopSignal) {
    for (const listener of this.listeners.get(signal) ?? []) listener();
  }
}

describe('StopSignals', () => {
  it('asks the run to stop on the first signal and exits on the second', () => {
    const host = new FakeHost();
    const onFirst = vi.fn();
    const signals = new StopSignals(host, onFirst);
    const stop = vi.fn();
    signals.onStop(stop);
    host.send('SIGTERM');
    expect(signals.received).toBe('SIGTERM');
    expect(stop).toHaveBeenCalledOnce();
    expect(onFirst).toHaveBeenCalledWith('SIGTERM');
    expect(() => host.send('SIGINT')).toThrow('exit 130');
    expect(host.exits).toEqual([130]);
  });

  it('stops a run registered after the signal came (during start-up)', () => {
    const host = new FakeHost();
    const signals = new StopSignals(host);
    host.send('SIGINT');
    const stop = vi.fn();
    signals.onStop(stop);
    expect(stop).toHaveBeenCalledOnce();
  });

  it('removes its listeners when disposed', () => {
    const host = new FakeHost();
    new StopSignals(host).dispose();
    expect([...host.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });
});
