// forwardBackward with dropout against a naive reference written here: per row, plain loops, the
// mask from dropoutKeeps applied to each hidden layer's activation output (inverted, 1/(1 − p)),
// gradients through the same mask — equal to 1e-12 in float64 on both kernel backends; a
// finite-difference check with the mask held fixed; float32 masks scaled as torch does; and rates
// of 0 giving exactly the bits of a step without dropout.
import { describe, expect, it } from 'vitest';
import type { DType } from '../dtype.js';
import { arenaFor, BACKENDS } from '../testing/backends.js';
import { labelledSource, lcg, regressionSource } from '../testing/sources.js';
import { DropoutStep } from './dropout.js';
import { dropoutKeeps, dropoutScale } from './dropout-mask.js';
import { forwardBackward } from './forward-backward.js';
import { createMlp, type Mlp } from './mlp.js';
import type { RowSource } from './row-source.js';
import { createWorkspace } from './workspace.js';

type Hidden = 'relu' | 'tanh' | 'gelu_tanh';
const C = Math.sqrt(2 / Math.PI);
/** Each activation and its derivative, from the textbook formulas (gelu_tanh: PyTorch's approximate='tanh'). */
const ACT: Record<Hidden, { f: (z: number) => number; df: (z: number) => number }> = {
  relu: { f: (z) => Math.max(z, 0), df: (z) => (z > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, df: (z) => 1 - Math.tanh(z) ** 2 },
  gelu_tanh: {
    f: (z) => 0.5 * z * (1 + Math.tanh(C * (z + 0.044715 * z ** 3))),
    df: (z) => {
      const t = Math.tanh(C * (z + 0.044715 * z ** 3));
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * C * (1 + 3 * 0.044715 * z * z);
    },
  },
};

const SEED = -987654321;
const STEP = 41;
const RATES = [0.3, 0.55];
const SIZES = [4, 6, 5, 3];

/** The reference: mean loss and its gradient (layout of mlp.layout) over rows order[from..to). */
function reference(
  mlp: Mlp,
  params: Float64Array,
  source: RowSource,
  order: Int32Array,
  from: number,
  to: number,
  activation: Hidden,
): { loss: number; grad: Float64Array } {
  const layers = mlp.layout.layers;
  const grad = new Float64Array(mlp.layout.count);
  const n = to - from;
  let loss = 0;
  for (let i = from; i < to; i++) {
    const row = order[i]!;
    const inputs: number[][] = [
      Array.from(source.x.subarray(row * source.features, (row + 1) * source.features)),
    ];
    const pre: number[][] = [];
    const masks: number[][] = [];
    for (let l = 0; l < layers.length; l++) {
      const { inputs: k, outputs: m, weightOffset: w, biasOffset: b } = layers[l]!;
      const a = inputs[l]!;
      const z = Array.from({ length: m }, (_, j) => {
        let s = params[b + j]!;
        for (let q = 0; q < k; q++) s += a[q]! * params[w + q * m + j]!;
        return s;
      });
      pre.push(z);
      if (l === layers.length - 1) break;
      const mask = z.map((_, u) =>
        dropoutKeeps(SEED, STEP, row, l, u, RATES[l]!) ? 1 / (1 - RATES[l]!) : 0,
      );
      masks.push(mask);
      inputs.push(z.map((v, u) => ACT[activation].f(v) * mask[u]!));
    }
    // Output gradient of this row's share of the mean loss.
    const out = pre[layers.length - 1]!;
    let g: number[];
    if (source.labels) {
      const max = Math.max(...out);
      const e = out.map((v) => Math.exp(v - max));
      const sum = e.reduce((s, v) => s + v, 0);
      const label = source.labels[row]!;
      loss += -Math.log(e[label]! / sum);
      g = e.map((v, j) => (v / sum - (j === label ? 1 : 0)) / n);
    } else {
      const t = source.targets!;
      const o = out.length;
      loss += out.reduce((s, v, j) => s + (v - t[row * o + j]!) ** 2, 0) / o;
      g = out.map((v, j) => (2 * (v - t[row * o + j]!)) / (o * n));
    }
    for (let l = layers.length - 1; l >= 0; l--) {
      const { inputs: k, outputs: m, weightOffset: w, biasOffset: b } = layers[l]!;
      const a = inputs[l]!;
      for (let j = 0; j < m; j++) {
        grad[b + j] += g[j]!;
        for (let q = 0; q < k; q++) grad[w + q * m + j] += a[q]! * g[j]!;
      }
      if (l === 0) break;
      const below = pre[l - 1]!;
      g = below.map((z, q) => {
        let s = 0;
        for (let j = 0; j < m; j++) s += params[w + q * m + j]! * g[j]!;
        return s * masks[l - 1]![q]! * ACT[activation].df(z);
      });
    }
  }
  return { loss: loss / n, grad };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

const ORDER = Int32Array.from({ length: 23 }, (_, i) => (i * 10 + 7) % 23);

describe.each(BACKENDS)('%s kernels', (backend) => {
  describe.each(['relu', 'tanh', 'gelu_tanh'] as const)('%s hidden layers', (activation) => {
    it.each(['ce', 'mse'] as const)(
      '%s: loss and gradient equal the reference with the same masks to 1e-12',
      (loss) => {
        const arena = arenaFor(backend, 4);
        const mlp = createMlp({ sizes: SIZES, activation, loss, outActivation: 'identity', dtype: 'f64' });
        const raw = loss === 'ce' ? labelledSource('f64', 23, 4, 3, 5) : regressionSource('f64', 23, 4, 3, 5);
        const source = arena.source(raw);
        const next = lcg(17);
        const params = Float64Array.from({ length: mlp.layout.count }, () => next() * 0.8);
        const grad = arena.floats('f64', mlp.layout.count);
        const order = arena.int32(ORDER);
        const ws = arena.workspace(mlp, 16, RATES);
        const dropout = new DropoutStep({ rates: RATES, seed: SEED });
        dropout.step = STEP;
        const got = forwardBackward(
          mlp,
          arena.floats('f64', params),
          grad,
          source,
          order,
          4,
          20,
          ws,
          dropout,
        );
        const want = reference(mlp, params, raw, ORDER, 4, 20, activation);
        expect(Math.abs(got - want.loss)).toBeLessThan(1e-12);
        expect(maxAbsDiff(grad, want.grad)).toBeLessThan(1e-12);
        // Some units were dropped and some kept: the comparison exercised the mask.
        const factors = Array.from(ws.keepFactors[1]!.subarray(0, 16 * 5));
        expect(factors).toContain(0);
        expect(factors).toContain(1 / (1 - RATES[1]!));
      },
    );
  });

  it('central finite differences of the loss with the mask held fixed agree to 1e-6', () => {
    const arena = arenaFor(backend, 4);
    const mlp = createMlp({
      sizes: SIZES,
      activation: 'tanh',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f64',
    });
    const source = arena.source(labelledSource('f64', 23, 4, 3, 8));
    const next = lcg(3);
    const params = arena.floats(
      'f64',
      Float64Array.from({ length: mlp.layout.count }, () => next() * 0.9),
    );
    const grad = arena.floats('f64', mlp.layout.count);
    const scratch = arena.floats('f64', mlp.layout.count);
    const order = arena.int32(ORDER);
    const ws = arena.workspace(mlp, 23, RATES);
    const dropout = new DropoutStep({ rates: RATES, seed: SEED });
    dropout.step = STEP; // the same step, so the same masks, for every evaluation below
    forwardBackward(mlp, params, grad, source, order, 0, 23, ws, dropout);
    const analytic = Float64Array.from(grad);
    const h = 1e-6;
    let worst = 0;
    for (let i = 0; i < mlp.layout.count; i++) {
      const keep = params[i]!;
      params[i] = keep + h;
      const up = forwardBackward(mlp, params, scratch, source, order, 0, 23, ws, dropout);
      params[i] = keep - h;
      const down = forwardBackward(mlp, params, scratch, source, order, 0, 23, ws, dropout);
      params[i] = keep;
      const numeric = (up - down) / (2 * h);
      worst = Math.max(
        worst,
        Math.abs(analytic[i]! - numeric) / Math.max(Math.abs(numeric), Math.abs(analytic[i]!), 1e-7),
      );
    }
    expect(worst).toBeLessThan(1e-6);
  });
});

describe('float32', () => {
  it("a dropping layer's output is float32(A · float32(1 / float32(1 − p))) or 0", () => {
    const mlp = createMlp({
      sizes: SIZES,
      activation: 'relu',
      loss: 'ce',
      outActivation: 'identity',
      dtype: 'f32',
    });
    const source = labelledSource('f32', 23, 4, 3, 5);
    const next = lcg(29);
    const params = Float32Array.from({ length: mlp.layout.count }, () => next());
    const ws = createWorkspace(mlp, 23, { dropout: [0.1, 0.3] });
    const dropout = new DropoutStep({ rates: [0.1, 0.3], seed: 4 });
    forwardBackward(mlp, params, new Float32Array(mlp.layout.count), source, null, 0, 23, ws, dropout);
    for (const [l, p] of [0.1, 0.3].entries()) {
      const scale = dropoutScale(p, 'f32');
      const a = ws.activations[l]!;
      const d = ws.dropped[l]!;
      for (let i = 0; i < d.length; i++) {
        const kept = ws.keepFactors[l]![i] !== 0;
        expect(d[i]).toBe(kept ? Math.fround(a[i]! * scale) : 0);
      }
    }
  });
});

describe.each(['f32', 'f64'] as DType[])('%s: rates of 0', (dtype) => {
  it.each(BACKENDS)('%s kernels: give exactly the bits of a step without dropout', (backend) => {
    const arena = arenaFor(backend, 4);
    const mlp = createMlp({
      sizes: SIZES,
      activation: 'gelu_tanh',
      loss: 'ce',
      outActivation: 'identity',
      dtype,
    });
    const source = arena.source(labelledSource(dtype, 23, 4, 3, 5));
    const next = lcg(31);
    const params = arena.floats(
      dtype,
      Float64Array.from({ length: mlp.layout.count }, () => next()),
    );
    const order = arena.int32(ORDER);
    const plain = arena.floats(dtype, mlp.layout.count);
    const zero = arena.floats(dtype, mlp.layout.count);
    const lossPlain = forwardBackward(
      mlp,
      params,
      plain,
      source,
      order,
      2,
      19,
      arena.workspace(mlp, 17),
      null,
    );
    const dropout = new DropoutStep({ rates: [0, 0], seed: 9 });
    const lossZero = forwardBackward(
      mlp,
      params,
      zero,
      source,
      order,
      2,
      19,
      arena.workspace(mlp, 17, [0, 0]),
      dropout,
    );
    expect(lossZero).toBe(lossPlain);
    expect(Array.from(zero)).toEqual(Array.from(plain));
  });
});
