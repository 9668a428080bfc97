// Usage errors: one line on stderr, exit 2, no help dump, no stack trace; nothing is trained.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectUserError, lines, requireBuiltBinary, runCli } from './cli-harness.js';

beforeAll(requireBuiltBinary);

function expectUsageError(args: string[], mentions: string) {
  const result = runCli(args);
  expectUserError(result, 2, mentions);
  expect(lines(result.stderr)).toHaveLength(1);
  expect(result.stdout).toBe('');
}

describe('shardwise usage errors', () => {
  it('rejects an unknown flag', () => {
    expectUsageError(['train', '--no-such-flag', '3'], 'no-such-flag');
  });

  it('rejects a flag missing its value', () => {
    expectUsageError(['train', '--lr'], '--lr');
  });

  it('rejects a missing or unknown command', () => {
    expectUsageError([], 'command');
    expectUsageError(['trian'], 'train');
  });

  it.each([
    [['--lr', '-1'], '--lr must be a positive number, got -1'],
    [['--batch-size', '0'], '--batch-size'],
    [['--workers', '0'], '--workers'],
    [['--epochs', '-1'], '--epochs'],
    [['--hidden', 'abc'], '--hidden'],
    [['--val-split', '1'], '--val-split'],
    [['--save-every', '2'], '--save-every'],
    [['--init', 'a.st', '--resume', 'b.st'], '--init'],
    [['--dataset', 'mnist'], '--dataset'],
    [['--activation', 'softplus'], '--activation'],
    [['--data', 'x.csv', '--dataset', 'moons'], '--data'],
  ])('train %j exits 2 naming the flag', (args, mentions) => {
    expectUsageError(['train', ...args], mentions);
  });

  it('eval needs rows to evaluate on, predict needs --data', () => {
    expectUsageError(['eval', '--model', 'm.st'], '--data');
    expectUsageError(['predict', '--model', 'm.st'], '--data');
  });
});

describe('shardwise help and version', () => {
  it('lists the commands', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['train', 'eval', 'predict']) expect(result.stdout).toContain(command);
  });

  it('shows every train flag with its default', () => {
    const result = runCli(['train', '--help']);
    expect(result.status).toBe(0);
    for (const text of [
      '--batch-size',
      '[default: 64]',
      '--lr',
      '[default: 0.01]',
      '--no-shuffle',
      '[default: 64,64]',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  it('prints the version', () => {
    const result = runCli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
