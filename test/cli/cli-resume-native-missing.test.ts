// A checkpoint trained with --kernels native, resumed where the native addon is missing (made to
// look so with SHARDWISE_BLAS_ADDON naming no file, as packages/blas's tests do): one line naming
// the checkpoint and what to install, a hint to resume with --kernels wasm, and that hint works.
import { readFileSync } from 'node:fs';
import { nativeKernelsUnavailable } from '@shardwise/worker';
import { afterAll, describe, expect, it } from 'vitest';
import { expectUserError, lines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('native-missing');
afterAll(() => dir.remove());

const TINY = ['--dataset', 'moons', '--samples', '48', '--hidden', '8', '--workers', '1', '--quiet'];
const NO_ADDON = { SHARDWISE_BLAS_ADDON: '/nonexistent/shardwise-blas.node' };

describe.skipIf(nativeKernelsUnavailable() !== null)('resuming a native checkpoint without the addon', () => {
  it('refuses in one line naming the checkpoint, hints --kernels wasm, and resumes with it', () => {
    requireBuiltBinary();
    const cli = (args: string[], env?: Record<string, string>) => runCli(args, { cwd: dir.path, env });
    const trained = cli(['train', ...TINY, '--epochs', '1', '--kernels', 'native', '--out', 'n.safetensors']);
    expect(trained.status, trained.stderr).toBe(0);
    const saved = readFileSync(dir.file('n.safetensors'));

    const refused = cli(['train', '--resume', 'n.safetensors', '--epochs', '2', '--quiet'], NO_ADDON);
    expectUserError(
      refused,
      2,
      '--kernels native (saved in n.safetensors): the native kernels are not built',
    );
    expect(lines(refused.stderr)[1]).toMatch(/^hint: --kernels wasm resumes it on the WebAssembly kernels/);
    // Nothing was touched: the checkpoint is as saved.
    expect(readFileSync(dir.file('n.safetensors')).equals(saved)).toBe(true);

    const resumed = cli(
      ['train', '--resume', 'n.safetensors', '--epochs', '2', '--kernels', 'wasm', '--quiet'],
      NO_ADDON,
    );
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(lines(resumed.stderr)).toEqual([
      'shardwise: resuming with kernels wasm (checkpoint: native); results may differ in float rounding from an uninterrupted run',
    ]);
  });
});
