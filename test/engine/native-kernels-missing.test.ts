// Where the addon is not built, `--kernels native` is one line naming what to install, with a
// usage error's exit code and no stack trace, in train and bench alike; the library says the same.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltBinary, runCli } from '../cli/cli-harness.js';

// A path where no addon is: what a machine without a compiler or CBLAS has after install.
const NO_ADDON = { SHARDWISE_BLAS_ADDON: '/nonexistent/shardwise-blas.node' };
const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('--kernels native without the addon', () => {
  beforeAll(requireBuiltBinary);

  it.each([
    [['train', '--kernels', 'native', '--epochs', '1']],
    [['bench', '--kernels', 'native,wasm', '--workload', 'tiny', '--workers', '1', '--seconds', '0.1']],
  ])('shardwise %j fails with one line saying what to install', (args) => {
    const result = runCli(args, { env: NO_ADDON });
    expect(result.status).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/--kernels native|kernels native/);
    expect(result.stderr).toContain('apt-get install build-essential libopenblas-dev');
    expect(result.stdout).toBe('');
  });
});

describe('kernels: native without the addon, from the library', () => {
  // In a child: the loader reads SHARDWISE_BLAS_ADDON once per thread, and this one may have loaded the addon.
  it('train() rejects with a UsageError naming what to install', () => {
    const script = `import('shardwise').then(({ train }) => train({ kernels: 'native', epochs: 1 })).then(() => process.exit(3), (e) => { console.log(e.name + ': ' + e.message); })`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, ...NO_ADDON },
      cwd: fileURLToPath(new URL('.', import.meta.url)),
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^UsageError: kernels native: .*apt-get install build-essential libopenblas-dev/,
    );
  });
});
