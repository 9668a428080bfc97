import { describe, expect, it, vi } from 'vitest';
import { type SignalHost, type StopSignal, StopSignals, type WritesInFlight } from './stop-signals.js';

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

  it('exits at once on a second signal when nothing is being written', () => {
    const host = new FakeHost();
    const writes = new FakeWrites();
    const said: string[] = [];
    new StopSignals(
      host,
      () => {},
      (line) => said.push(line),
      writes,
    );
    host.send('SIGINT');
    expect(() => host.send('SIGINT')).toThrow('exit 130');
    expect(said).toEqual([]);
  });
});

/** Writes under the test's control: "in flight" until `settle()`. */
class FakeWrites implements WritesInFlight {
  paths: string[] = [];
  abandoned: string[] = [];
  private listeners: (() => void)[] = [];
  inFlight() {
    return [...this.paths];
  }
  whenSettled(listener: () => void) {
    if (this.paths.length === 0) listener();
    else this.listeners.push(listener);
  }
  abandon() {
    this.abandoned = this.paths;
    this.paths = [];
    return this.abandoned;
  }
  settle() {
    this.paths = [];
    for (const listener of this.listeners.splice(0)) listener();
  }
}

describe('a second signal while a checkpoint is being written', () => {
  it('says so in one line and exits once the write is complete', () => {
    const host = new FakeHost();
    const writes = new FakeWrites();
    const said: string[] = [];
    new StopSignals(
      host,
      () => {},
      (line) => said.push(line),
      writes,
    );
    host.send('SIGINT');
    writes.paths = ['m.safetensors'];
    host.send('SIGINT');
    expect(host.exits).toEqual([]);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(
      /^shardwise: SIGINT again while saving m\.safetensors: exiting as soon as it is written .*\n$/,
    );
    expect(() => writes.settle()).toThrow('exit 130');
    expect(writes.abandoned).toEqual([]);
  });

  it('a third abandons the write (removing its temporary file) and exits with one more line', () => {
    const host = new FakeHost();
    const writes = new FakeWrites();
    const said: string[] = [];
    new StopSignals(
      host,
      () => {},
      (line) => said.push(line),
      writes,
    );
    host.send('SIGTERM');
    writes.paths = ['m.safetensors'];
    host.send('SIGTERM');
    expect(() => host.send('SIGINT')).toThrow('exit 130');
    expect(writes.abandoned).toEqual(['m.safetensors']);
    expect(said).toHaveLength(2);
    expect(said[1]).toBe('shardwise: save to m.safetensors abandoned; the file keeps its previous content\n');
  });
});
