import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { trainOptionsFromArgv } from './train-options-from-argv.js';

/** The one-line UsageError message for `argv`. */
function messageFor(argv: Record<string, unknown>): string {
  try {
    trainOptionsFromArgv(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(argv)}`);
}

describe('schedule and early-stopping flags', () => {
  it('become the library options, only when given', () => {
    const options = trainOptionsFromArgv({
      lrSchedule: 'plateau',
      warmupEpochs: '3',
      warmupStartFactor: '0.25',
      lrFactor: '0.5',
      lrPatience: '2',
      lrCooldown: '1',
      lrMin: '1e-5',
      valSplit: '0.2',
      earlyStopping: '5',
      minDelta: '0.001',
      restoreBest: false,
    });
    expect(options).toMatchObject({
      lrSchedule: 'plateau',
      warmupEpochs: 3,
      warmupStartFactor: 0.25,
      lrFactor: 0.5,
      lrPatience: 2,
      lrCooldown: 1,
      lrMin: 1e-5,
      earlyStopping: 5,
      minDelta: 0.001,
      restoreBest: false,
    });
    expect(trainOptionsFromArgv({})).not.toHaveProperty('lrSchedule');
  });

  it.each([
    [{ lrSchedule: 'warm' }, '--lr-schedule'],
    [{ lrSchedule: 'step' }, '--lr-schedule step needs --lr-step-size'],
    [{ lrSchedule: 'step', lrStepSize: '0' }, '--lr-step-size'],
    [
      { lrSchedule: 'cosine', lrFactor: '0.5' },
      '--lr-factor applies to --lr-schedule plateau only, got cosine',
    ],
    [{ lrGamma: '0.5' }, '--lr-gamma applies to --lr-schedule step only, got constant'],
    [{ lrSchedule: 'plateau', lrFactor: '1' }, '--lr-factor must be in (0, 1)'],
    [{ warmupStartFactor: '0.5' }, '--warmup-start-factor needs --warmup-epochs'],
    [{ warmupEpochs: '2', warmupStartFactor: '1.5' }, '--warmup-start-factor must be in (0, 1]'],
    [{ minDelta: '0.1' }, '--min-delta needs --early-stopping'],
    [{ earlyStopping: '0' }, '--early-stopping'],
  ])('%o: %s', (argv, message) => {
    expect(messageFor(argv)).toContain(message);
  });

  it('lets a resumed run change the schedule without repeating every flag', () => {
    expect(trainOptionsFromArgv({ resume: 'run.safetensors', lrGamma: '0.5' })).toMatchObject({
      lrGamma: 0.5,
    });
  });
});
