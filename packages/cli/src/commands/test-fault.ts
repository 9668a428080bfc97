/**
 * Test-only: `SHARDWISE_TEST_FAULT=worker:step:kind[:phase]` makes `shardwise train` inject one
 * worker fault (see the engine's injectFault), so end-to-end tests can see what a user sees when a
 * worker thread crashes or hangs. Not a user feature, and not in --help.
 */
import { UsageError } from '../errors.js';
import type { Trainer } from '../trainer/trainer.js';

/** The environment variable read by {@link injectTestFault}. */
export const TEST_FAULT_VARIABLE = 'SHARDWISE_TEST_FAULT';

const FORMAT =
  /^(\d+):(\d+):(throw|throwAlways|exit|oom|hang|spin)(?::(start|reduce|update|commit|committed))?$/;

/** Arms the fault `value` describes on `trainer`; nothing when `value` is undefined or empty. */
export function injectTestFault(trainer: Trainer, value: string | undefined): void {
  if (value === undefined || value === '') return;
  const match = FORMAT.exec(value);
  if (!match) {
    throw new UsageError(
      `${TEST_FAULT_VARIABLE} must be worker:step:kind[:phase] (e.g. 1:5:throw:update), got ${JSON.stringify(value)}`,
    );
  }
  const [, worker, step, kind, phase] = match;
  type Fault = Parameters<Trainer['injectFault']>;
  trainer.injectFault(Number(worker), Number(step), kind as Fault[2], (phase ?? 'start') as Fault[3]);
}
