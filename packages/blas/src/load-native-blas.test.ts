// Where the addon is missing or does not load, loadNativeBlas gives one line saying why and what
// to install, and never throws. (The variable is read when the module loads: each case imports a
// fresh copy.)
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const saved = process.env.SHARDWISE_BLAS_ADDON;
afterEach(() => {
  if (saved === undefined) delete process.env.SHARDWISE_BLAS_ADDON;
  else process.env.SHARDWISE_BLAS_ADDON = saved;
  vi.resetModules();
});

async function loadFrom(path: string) {
  process.env.SHARDWISE_BLAS_ADDON = path;
  vi.resetModules();
  const { loadNativeBlas } = await import('./load-native-blas.js');
  return loadNativeBlas();
}

describe('loadNativeBlas without a usable addon', () => {
  it('names what to install when the addon was not built', async () => {
    const result = await loadFrom(join(tmpdir(), 'no-such-dir', 'shardwise-blas.node'));
    expect(result.blas).toBeNull();
    expect(result.reason).toMatch(
      /^the native kernels are not built: .*apt-get install build-essential libopenblas-dev/,
    );
    expect(result.reason).not.toContain('\n');
  });

  it('says the addon does not load, with the loader error, when the file is not an addon', async () => {
    const path = join(tmpdir(), `shardwise-blas-not-an-addon-${process.pid}.node`);
    writeFileSync(path, 'not a shared library');
    const result = await loadFrom(path).finally(() => rmSync(path, { force: true }));
    expect(result.blas).toBeNull();
    expect(result.reason).toMatch(/^the native kernels do not load \(.+\): install/);
    expect(result.reason).not.toContain('\n');
  });
});
