// `bench | head -1`: once stdout reaches nobody and no file is asked for, measuring stops; with
// --csv it goes on, since the file still receives every point.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { guardStream } from '../output/stdio-guard.js';
import { benchOptionsFromArgv } from './bench-options.js';
import { runBench } from './run-bench.js';

const dir = mkdtempSync(join(tmpdir(), 'shardwise-bench-reader-gone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pipe whose reader takes the first line and leaves: later writes fail with EPIPE. */
function headOne() {
  let writes = 0;
  const stream = new Writable({
    write(_chunk, _encoding, done) {
      writes++;
      if (writes === 1) done();
      else done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    },
  });
  return { stream, health: guardStream(stream) };
}

const quiet = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const argv = { workload: 'tiny', workers: '1,2', seconds: '0.2', repetitions: '5', json: true };

describe('bench with a reader that left', () => {
  it('stops measuring when nothing else receives the points', async () => {
    const { stream, health } = headOne();
    const points = await runBench(benchOptionsFromArgv(argv, 2), {
      stdout: stream,
      stderr: quiet(),
      stdoutHealth: health,
    });
    expect(health.readerGone).toBe(true);
    expect(points).toHaveLength(1);
  });

  it('measures every point when --csv still receives them', async () => {
    const { stream, health } = headOne();
    const csv = join(dir, 'points.csv');
    const points = await runBench(benchOptionsFromArgv({ ...argv, csv }, 2), {
      stdout: stream,
      stderr: quiet(),
      stdoutHealth: health,
    });
    expect(points).toHaveLength(2);
    expect(readFileSync(csv, 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });
});
