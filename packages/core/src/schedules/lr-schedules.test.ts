// Each schedule's lr sequence against PyTorch's documented definitions, written out here independently.

import { describe, expect, it } from 'vitest';
import {
  initialLrScheduleState,
  type LrScheduleConfig,
  type LrScheduleState,
  stepLrSchedule,
} from './lr-schedules.js';

const BASE: LrScheduleConfig = {
  kind: 'constant',
  baseLr: 0.1,
  warmupEpochs: 0,
  warmupStartFactor: 1 / 3,
  stepSize: 1,
  gamma: 0.1,
  tMax: 10,
  etaMin: 0,
  factor: 0.1,
  patience: 10,
  cooldown: 0,
  minLr: 0,
};

/** The lrs of epochs 0 … n−1 from our scheduler, feeding it `losses[e]` after epoch e. */
function lrs(config: LrScheduleConfig, n: number, losses: readonly number[] = []): number[] {
  let state: LrScheduleState = initialLrScheduleState(config);
  const out: number[] = [];
  for (let e = 0; e < n; e++) {
    out.push(state.lr);
    state = stepLrSchedule(config, state, losses[e] ?? 0);
  }
  return out;
}

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    expect(
      Math.abs(actual[i]! - expected[i]!),
      `epoch ${i}: ${actual[i]} vs ${expected[i]}`,
    ).toBeLessThanOrEqual(1e-15 * Math.abs(expected[i]!));
  }
}

describe('lr schedules match PyTorch', () => {
  it('constant keeps the lr', () => {
    expect(lrs(BASE, 4)).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it('StepLR(step_size=3, gamma=0.5): its recursive get_lr', () => {
    const config = { ...BASE, kind: 'step' as const, stepSize: 3, gamma: 0.5 };
    // torch: lr unchanged unless last_epoch > 0 and last_epoch % step_size == 0, then lr·gamma.
    const expected: number[] = [];
    let lr = 0.1;
    for (let e = 0; e < 10; e++) {
      if (e > 0 && e % 3 === 0) lr *= 0.5;
      expected.push(lr);
    }
    expectClose(lrs(config, 10), expected);
    expect(lrs(config, 7)).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]);
  });

  it('CosineAnnealingLR(T_max=5, eta_min=0.01): recursive form stepped each epoch = closed form', () => {
    const config = { ...BASE, kind: 'cosine' as const, tMax: 5, etaMin: 0.01 };
    // torch's recursion for last_epoch ≥ 1 (the (e − 1 − T_max) % 2T_max branch first).
    const expected = [0.1];
    for (let e = 1; e < 8; e++) {
      const prev = expected[e - 1]!;
      expected.push(
        (e - 1 - 5) % 10 === 0
          ? prev + ((0.1 - 0.01) * (1 - Math.cos(Math.PI / 5))) / 2
          : ((1 + Math.cos((Math.PI * e) / 5)) / (1 + Math.cos((Math.PI * (e - 1)) / 5))) * (prev - 0.01) +
              0.01,
      );
    }
    expectClose(lrs(config, 6), expected.slice(0, 6));
    expect(lrs(config, 6)[5]).toBe(0.01);
  });

  it('SequentialLR([LinearLR(1/4, 1, 4), StepLR(2, 0.1)], milestones=[4])', () => {
    const config = { ...BASE, kind: 'step' as const, warmupEpochs: 4, warmupStartFactor: 0.25, stepSize: 2 };
    // LinearLR's recursion: lr·(1 + (1 − s)/(N·s + (e − 1)(1 − s))) for 1 ≤ e ≤ N, from lr·s.
    const warm = [0.1 * 0.25];
    for (let e = 1; e < 4; e++) warm.push(warm[e - 1]! * (1 + 0.75 / (4 * 0.25 + (e - 1) * 0.75)));
    // At the milestone the main scheduler restarts at its epoch 0 (lr = initial_lr).
    expectClose(lrs(config, 9), [...warm, 0.1, 0.1, 0.01, 0.01, 0.001]);
    expectClose(lrs(config, 4), [0.025, 0.04375, 0.0625, 0.08125]);
  });

  it('warm-up then cosine: T_max counts from the end of the warm-up', () => {
    const config = { ...BASE, kind: 'cosine' as const, warmupEpochs: 2, warmupStartFactor: 0.5, tMax: 4 };
    const cos = (k: number) => (0.1 * (1 + Math.cos((Math.PI * k) / 4))) / 2;
    expectClose(lrs(config, 6), [0.05, 0.075, cos(0), cos(1), cos(2), cos(3)]);
  });

  it('ReduceLROnPlateau(factor=0.5, patience=1, cooldown=1, min_lr=0.02): its step() written out', () => {
    const config = { ...BASE, kind: 'plateau' as const, factor: 0.5, patience: 1, cooldown: 1, minLr: 0.02 };
    const losses = [1, 0.99995, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8];
    // torch.optim.lr_scheduler.ReduceLROnPlateau.step, mode min, threshold_mode rel, eps 1e-8.
    let lr = 0.1;
    let best = Number.POSITIVE_INFINITY;
    let bad = 0;
    let cooldown = 0;
    const expected: number[] = [];
    for (const loss of losses) {
      expected.push(lr);
      if (loss < best * (1 - 1e-4)) {
        best = loss;
        bad = 0;
      } else bad += 1;
      if (cooldown > 0) {
        cooldown -= 1;
        bad = 0;
      }
      if (bad > 1) {
        const next = Math.max(lr * 0.5, 0.02);
        if (lr - next > 1e-8) lr = next;
        cooldown = 1;
        bad = 0;
      }
    }
    const ours = lrs(config, losses.length, losses);
    expect(ours).toEqual(expected);
    // 0.99995 is within the 1e-4 relative threshold of 1: a bad epoch; the lr is halved twice, then held at min_lr.
    expect(ours).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02]);
  });

  it('plateau after a warm-up starts at the lr, and ignores the warm-up losses', () => {
    const config = {
      ...BASE,
      kind: 'plateau' as const,
      warmupEpochs: 2,
      warmupStartFactor: 0.5,
      patience: 0,
    };
    // Losses 0.1 in the warm-up would otherwise be the best: the 0.5s afterwards would reduce.
    expectClose(lrs(config, 5, [0.1, 0.1, 0.5, 0.4, 0.45]), [0.05, 0.075, 0.1, 0.1, 0.1]);
    expectClose(lrs(config, 6, [0.1, 0.1, 0.5, 0.4, 0.45, 0.45]), [0.05, 0.075, 0.1, 0.1, 0.1, 0.01]);
  });
});
