// Aborting the signal rejects with an AbortError within a second and leaves no thread behind.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { train } from 'shardwise';
import { describe, expect, it } from 'vitest';

describe('aborting train()', () => {
  it('rejects with AbortError within a second of abort()', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const running = train({
      dataset: 'blobs',
      features: 64,
      classes: 10,
      samples: 20_000,
      hidden: [256],
      epochs: 50,
      workers: 2,
      signal: controller.signal,
      onEpoch: () => {
        if (abortedAt === 0) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const error = await running.catch((e: unknown) => e);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect((error as Error).name).toBe('AbortError');
  });

  it('rejects at once for a signal aborted before the start', async () => {
    await expect(train({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('leaves no thread behind: the process exits by itself', () => {
    const script = fileURLToPath(new URL('./fixtures/abort-then-exit.mjs', import.meta.url));
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
    expect(result.error).toBeUndefined();
    expect(result.stdout).toContain('AbortError');
    expect(result.status).toBe(0);
  });
});
