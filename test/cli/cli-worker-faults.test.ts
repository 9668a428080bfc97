// What a user of the binary sees when a worker thread crashes or hangs (faults injected through
// the test-only SHARDWISE_TEST_FAULT=worker:step:kind[:phase]): a recovered fault is one warning
// and the same model as without it; a fault that outlasts --max-retries (or a hang past
// --step-timeout) is one error line and a hint, exit 1, and the last checkpoint untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../packages/cli/src/io/safetensors.js';
import { expectUserError, lines, requireBuiltBinary, runCli, tempDir } from './cli-harness.js';

const dir = tempDir('faults');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

// 200 rows in batches of 64: 4 steps per epoch, so global step 6 is epoch 2, step 2.
const RUN = ['train', '--dataset', 'moons', '--samples', '200', '--hidden', '8', '--workers', '2', '--quiet'];
const resume = (path: string) => runCli(['train', '--resume', path, '--epochs', '2', '--quiet']);

async function tensorBytes(path: string): Promise<Map<string, Buffer>> {
  const { tensors } = await readSafetensors(path);
  return new Map(
    [...tensors].map(([name, t]) => [name, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)]),
  );
}

describe('worker faults in the binary', () => {
  // What a checkpoint saved after epoch 1 of these runs holds.
  const oneEpoch = dir.file('one-epoch.safetensors');
  beforeAll(() => {
    expect(runCli([...RUN, '--epochs', '1', '--out', oneEpoch]).status).toBe(0);
  });

  it('recovers from a worker that dies during the update: one warning, the same model', async () => {
    const clean = dir.file('clean.safetensors');
    const faulty = dir.file('faulty.safetensors');
    expect(runCli([...RUN, '--epochs', '3', '--out', clean]).status).toBe(0);
    const result = runCli([...RUN, '--epochs', '3', '--out', faulty], {
      env: { SHARDWISE_TEST_FAULT: '1:6:exit:update' },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        /^warning: worker 1 failed: worker exited with code: 1; retrying epoch 2, step 2 with new threads \(1\/2\)$/,
      ),
    ]);
    expect(await tensorBytes(faulty)).toEqual(await tensorBytes(clean));
  });

  it('fails with exit 1 once --max-retries are spent, leaving the last checkpoint intact', async () => {
    const out = dir.file('kept.safetensors');
    const result = runCli(
      [...RUN, '--epochs', '3', '--out', out, '--save-every', '1', '--max-retries', '1'],
      {
        env: { SHARDWISE_TEST_FAULT: '1:6:throwAlways:reduce' },
      },
    );
    expect(result.status, result.stderr).toBe(1);
    expect(lines(result.stderr)).toEqual([
      'warning: worker 1 failed: injected fault in worker 1; retrying epoch 2, step 2 with new threads (1/1)',
      'shardwise: worker 1 failed: injected fault in worker 1 (at epoch 2, step 2, after 1 retries)',
      `hint: the last checkpoint at ${out} is intact`,
    ]);
    // The checkpoint holds epoch 1, as saved before the failure.
    expect(await tensorBytes(out)).toEqual(await tensorBytes(oneEpoch));
    expect(resume(out).status).toBe(0);
  });

  it('turns a hung worker into the same error after --step-timeout', async () => {
    const out = dir.file('hung.safetensors');
    const result = runCli(
      [
        ...RUN,
        '--epochs',
        '3',
        '--out',
        out,
        '--save-every',
        '1',
        '--max-retries',
        '0',
        '--step-timeout',
        '1.5',
      ],
      { env: { SHARDWISE_TEST_FAULT: '0:7:spin:update' } },
    );
    expectUserError(result, 1, 'worker 0 failed: no progress for', 'past the step timeout of 1.5 s');
    expect(result.stderr).toContain(
      `hint: the last checkpoint at ${out} is intact; if its steps are legitimately this slow, raise the step timeout (--step-timeout, now 1.5 s)`,
    );
    expect(await tensorBytes(out)).toEqual(await tensorBytes(oneEpoch));
    expect(resume(out).status).toBe(0);
  });

  it.each(['-1', 'soon', ''])('rejects --step-timeout %j as a usage error', (value) => {
    expectUserError(runCli([...RUN, '--epochs', '1', '--step-timeout', value]), 2, '--step-timeout');
  });

  it('rejects a malformed SHARDWISE_TEST_FAULT', () => {
    const result = runCli([...RUN, '--epochs', '1'], { env: { SHARDWISE_TEST_FAULT: '1:x:throw' } });
    expectUserError(result, 2, 'SHARDWISE_TEST_FAULT must be worker:step:kind[:phase]');
  });
});
