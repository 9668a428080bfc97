// Central finite differences in float64 for every hidden activation × loss, depth 0 to 3 hidden
// layers, batch sizes 1, 7 and 64, on both kernel backends: the analytic gradient must agree to
// 1e-6 relative.
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, type Activation } from '../kernels/activations.js';
import type { OutputActivation } from '../kernels/mse.js';
import type { Loss } from '../losses/losses.js';
import { arenaFor, BACKENDS } from '../testing/backends.js';
import { labelledSource, lcg, regressionSource, softTargetSource } from '../testing/sources.js';
import { forwardBackward } from './forward-backward.js';
import { createMlp } from './mlp.js';
import type { RowSource } from './row-source.js';

const objectives: { name: string; loss: Loss; out: OutputActivation; source: (rows: number) => RowSource }[] =
  [
    {
      name: 'ce with labels',
      loss: 'ce',
      out: 'identity',
      source: (rows) => labelledSource('f64', rows, 4, 3, rows),
    },
    {
      name: 'ce with soft targets',
      loss: 'ce',
      out: 'identity',
      source: (rows) => softTargetSource('f64', rows, 4, 3, rows),
    },
    {
      name: 'mse',
      loss: 'mse',
      out: 'identity',
      source: (rows) => regressionSource('f64', rows, 4, 3, rows),
    },
    {
      name: 'tanh-mse',
      loss: 'mse',
      out: 'tanh',
      source: (rows) => regressionSource('f64', rows, 4, 3, rows),
    },
  ];

/** Activations with a kink at 0 (relu, leaky_relu): there the loss has no derivative to estimate. */
const KINKED: ReadonlySet<Activation> = new Set(['relu', 'leaky_relu']);

function maxRelativeError(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    // Entries that are zero up to finite-difference noise carry no relative information.
    const scale = Math.max(Math.abs(a), Math.abs(n), 1e-7);
    worst = Math.max(worst, Math.abs(a - n) / scale);
  }
  return worst;
}

describe.each(BACKENDS)('%s kernels', (backend) => {
  describe.each(ACTIVATIONS)('finite differences, %s hidden layers', (activation) => {
    describe.each(objectives)('$name', ({ loss, out, source }) => {
      it.each([0, 1, 2, 3])('depth %i, batches 1, 7, 64', (depth) => {
        const arena = arenaFor(backend, 4);
        const sizes = [4, ...[5, 6, 4].slice(0, depth), 3];
        // leaky_relu with slope 0.2, not the default 0.01: at 0.01 two layers of negative units bring
        // gradient entries down to 1e-7, where the stencil's rounding noise (1e-13) is 1e-6 of them;
        // and it checks that a slope other than the default reaches the backward pass.
        const negativeSlope = 0.2;
        const mlp = createMlp({ sizes, activation, negativeSlope, loss, outActivation: out, dtype: 'f64' });
        const next = lcg(depth * 31 + 5);
        const params = arena.floats(
          'f64',
          Float64Array.from({ length: mlp.layout.count }, () => next() * 0.9),
        );
        for (const rows of [1, 7, 64]) {
          const data = arena.source(source(rows));
          const ws = arena.workspace(mlp, rows);
          const grad = arena.floats('f64', mlp.layout.count);
          const scratch = arena.floats('f64', mlp.layout.count);
          forwardBackward(mlp, params, grad, data, null, 0, rows, ws);
          const numeric = new Float64Array(mlp.layout.count);
          // Which hidden units are active: a relu (or leaky) network is differentiable only where this stays put.
          const hidden = ws.activations.slice(0, -1);
          const pattern = () => hidden.map((a) => Array.from(a, (v) => (v > 0 ? 1 : 0)).join('')).join('|');
          const kinked = KINKED.has(activation);
          const reference = kinked ? pattern() : '';
          let crossed = false;
          const lossAt = (i: number, value: number) => {
            params[i] = value;
            const loss = forwardBackward(mlp, params, scratch, data, null, 0, rows, ws);
            if (kinked && pattern() !== reference) crossed = true;
            return loss;
          };
          // Five-point central stencil, error O(h⁴): it allows h = 1e-3, so rounding noise
          // (≈ 1e-16/h) stays far below 1e-6 even on entries of size 1e-6, which the two-point
          // difference cannot resolve. Where the stencil steps across a relu kink, the loss has no
          // derivative there to estimate: retry with smaller steps, and leave the entry out if
          // even 1e-5 crosses.
          let kinks = 0;
          for (let i = 0; i < params.length; i++) {
            const saved = params[i]!;
            numeric[i] = Number.NaN;
            for (const h of [1e-3, 1e-4, 1e-5]) {
              crossed = false;
              const near = lossAt(i, saved + h) - lossAt(i, saved - h);
              const far = lossAt(i, saved + 2 * h) - lossAt(i, saved - 2 * h);
              params[i] = saved;
              if (crossed) continue;
              numeric[i] = (8 * near - far) / (12 * h);
              break;
            }
            if (Number.isNaN(numeric[i]!)) {
              numeric[i] = grad[i]!;
              kinks++;
            }
          }
          expect(kinks).toBeLessThanOrEqual(1);
          expect(maxRelativeError(grad, numeric)).toBeLessThan(1e-6);
        }
      });
    });
  });
});
