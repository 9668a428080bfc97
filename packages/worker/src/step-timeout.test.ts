import { describe, expect, it } from 'vitest';
import { defaultStepTimeout, STEP_TIMEOUT_FLOOR_SECONDS, stepFlops } from './step-timeout.js';

describe('defaultStepTimeout', () => {
  it('is 10 minutes for small steps (the default 2-64-64-3 spiral, batch 64)', () => {
    // 2·64+64 + 64·64+64 + 64·3+3 = 4547 parameters; 4547 · (6·64 + 2·2 + 20) ≈ 1.9 MFLOP.
    expect(stepFlops(4547, 64, 2)).toBe(4547 * 408);
    expect(defaultStepTimeout(4547, 64, 2)).toBe(STEP_TIMEOUT_FLOOR_SECONDS);
    expect(STEP_TIMEOUT_FLOOR_SECONDS).toBe(600);
  });

  it('grows with the step: hours for a 16000-16000 network, at 10 MFLOP/s', () => {
    // 2-16000-16000-3: 2·16000+16000 + 16000²+16000 + 16000·3+3 = 256 112 003 parameters; one step
    // of 64 rows is about 1.04e11 FLOP: some 70 s at the 1.5 GFLOP/s of one worker thread in
    // `pnpm bench:engine`, against a default of about 2.9 hours.
    const params = 256_112_003;
    expect(defaultStepTimeout(params, 64, 2)).toBeCloseTo((params * (6 * 64 + 4 + 20)) / 1e7, 6);
    expect(defaultStepTimeout(params, 64, 2)).toBeGreaterThan(2 * 3600);
    // Twice the batch, (about) twice the time allowed.
    expect(defaultStepTimeout(params, 128, 2) / defaultStepTimeout(params, 64, 2)).toBeCloseTo(
      (6 * 128 + 24) / (6 * 64 + 24),
      12,
    );
  });
});
