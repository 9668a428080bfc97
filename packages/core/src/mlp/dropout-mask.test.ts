// Dropout masks: the keep rate over many units is 1 − p (deterministic: fixed seeds, so the bound
// cannot flake), neighbouring units are independent, every input of the hash changes the mask, the
// workspace's factors follow the one definition, and the scale is torch's in each dtype.
import { describe, expect, it } from 'vitest';
import { DropoutStep } from './dropout.js';
import { dropoutKeeps, dropoutScale } from './dropout-mask.js';
import { createMlp } from './mlp.js';
import { createWorkspace } from './workspace.js';

/** Keep decisions over steps × rows × 2 layers × 64 units (about 200 000). */
function keeps(seed: number, p: number, visit: (kept: boolean, unit: number) => void): number {
  let n = 0;
  for (let step = 0; step < 40; step++) {
    for (let row = 0; row < 40; row++) {
      for (let layer = 0; layer < 2; layer++) {
        for (let unit = 0; unit < 64; unit++) {
          visit(dropoutKeeps(seed, step * 1000 + 3, row * 7919, layer, unit, p), unit);
          n++;
        }
      }
    }
  }
  return n;
}

describe('keep rate', () => {
  it.each([0.05, 0.2, 0.5, 0.9])('p = %f keeps 1 − p of the units, within 5 standard errors', (p) => {
    for (const seed of [1, -123456789012, 2 ** 40 + 17]) {
      let kept = 0;
      const n = keeps(seed, p, (k) => {
        if (k) kept++;
      });
      const sigma = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(kept / n - (1 - p))).toBeLessThan(5 * sigma);
    }
  });

  it('neighbouring units are independent: both kept as often as (1 − p)²', () => {
    const p = 0.5;
    let previous = false;
    let both = 0;
    let pairs = 0;
    keeps(9, p, (k, unit) => {
      if (unit > 0) {
        pairs++;
        if (k && previous) both++;
      }
      previous = k;
    });
    const q = (1 - p) ** 2;
    expect(Math.abs(both / pairs - q)).toBeLessThan(5 * Math.sqrt((q * (1 - q)) / pairs));
  });

  it('p = 0 keeps every unit', () => {
    let dropped = 0;
    keeps(3, 0, (k) => {
      if (!k) dropped++;
    });
    expect(dropped).toBe(0);
  });
});

describe('a pure function of (seed, step, row, layer, unit)', () => {
  it('changing any one input redraws the mask (about 2p(1 − p) of the decisions differ)', () => {
    const p = 0.5;
    const base = [11, 5, 300, 1, 0] as const;
    for (let which = 0; which < 5; which++) {
      let differ = 0;
      const n = 4000;
      for (let i = 0; i < n; i++) {
        const a = [base[0], base[1], base[2], base[3], i];
        const b = [...a];
        b[which] = which === 4 ? i + n : b[which]! + 1;
        const ka = dropoutKeeps(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, p);
        const kb = dropoutKeeps(b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, p);
        if (ka !== kb) differ++;
      }
      expect(Math.abs(differ / n - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
    }
  });

  it("the workspace's keep factors follow dropoutKeeps for the rows order[from..to) at the step set", () => {
    const mlp = createMlp({
      sizes: [3, 7, 5, 2],
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f64',
    });
    const rates = [0.3, 0.6];
    const ws = createWorkspace(mlp, 6, { dropout: rates });
    const dropout = new DropoutStep({ rates, seed: 77 });
    dropout.step = 12345;
    const order = Int32Array.from([9, 4, 0, 7, 2, 8, 1, 3, 6, 5]);
    expect(dropout.fillKeepFactors(order, 2, 6, ws)).toBe(true);
    for (let l = 0; l < 2; l++) {
      const width = mlp.config.sizes[l + 1]!;
      for (let r = 0; r < 6; r++) {
        for (let u = 0; u < width; u++) {
          const keep = dropoutKeeps(77, 12345, order[2 + r]!, l, u, rates[l]!);
          expect(ws.keepFactors[l]![r * width + u]).toBe(keep ? 1 / (1 - rates[l]!) : 0);
        }
      }
    }
  });

  it('a workspace without mask buffers for a layer that drops is refused', () => {
    const mlp = createMlp({
      sizes: [3, 4, 2],
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f64',
    });
    const dropout = new DropoutStep({ rates: [0.5], seed: 1 });
    expect(() => dropout.fillKeepFactors(null, 0, 2, createWorkspace(mlp, 2))).toThrow(/no mask buffers/);
  });
});

describe('scale of the kept units, as torch.nn.Dropout computes it', () => {
  it('float64: 1 / (1 − p)', () => {
    expect(dropoutScale(0.1, 'f64')).toBe(1 / 0.9);
  });

  it('float32: noise.div_(1 − p) in float32, i.e. float32(1 / float32(1 − p))', () => {
    // float32(0.9) = 0.89999997615814208984375; 1 / it = 1.11111114054550…, whose nearest float32
    // is 1.11111116409301757812500 (= 9320676 / 2^23).
    expect(dropoutScale(0.1, 'f32')).toBe(9320676 / 2 ** 23);
    expect(dropoutScale(0.5, 'f32')).toBe(2);
  });
});
