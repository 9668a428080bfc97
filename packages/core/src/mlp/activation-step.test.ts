// One training step with each new hidden activation (leaky_relu at its default slope and at 0.2,
// gelu, gelu_tanh) against mpmath's evaluation of PyTorch's definitions
// (fixtures/generate-activation-step.py): loss, every gradient entry and the SGD update, to 1e-12
// in float64, on both kernel backends.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Activation } from '../kernels/activations.js';
import { arenaFor, BACKENDS } from '../testing/backends.js';
import { forwardBackward } from './forward-backward.js';
import { createMlp } from './mlp.js';

interface StepCase {
  activation: Activation;
  negativeSlope: number | null;
  loss: number;
  gradient: number[];
  parameters: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/activation-step.json', import.meta.url), 'utf8'),
) as { sizes: number[]; lr: number; x: number[]; labels: number[]; parameters: number[]; cases: StepCase[] };

const rows = fixture.labels.length;

describe.each(BACKENDS)('one step against mpmath, %s kernels', (backend) => {
  it.each(fixture.cases)(
    '$activation (slope $negativeSlope)',
    ({ activation, negativeSlope, ...expected }) => {
      const arena = arenaFor(backend, 2);
      const mlp = createMlp({
        sizes: fixture.sizes,
        activation,
        ...(negativeSlope === null ? {} : { negativeSlope }),
        loss: 'ce',
        outActivation: 'identity',
        dtype: 'f64',
      });
      const params = arena.floats('f64', fixture.parameters);
      const grad = arena.floats('f64', mlp.layout.count);
      const source = arena.source({
        features: fixture.sizes[0]!,
        outputs: fixture.sizes.at(-1)!,
        x: Float64Array.from(fixture.x),
        labels: Int32Array.from(fixture.labels),
        targets: null,
      });
      const loss = forwardBackward(mlp, params, grad, source, null, 0, rows, arena.workspace(mlp, rows));
      expect(Math.abs(loss - expected.loss)).toBeLessThan(1e-12);
      for (let i = 0; i < grad.length; i++) {
        expect(Math.abs(grad[i]! - expected.gradient[i]!), `gradient ${i}`).toBeLessThan(1e-12);
        const updated = params[i]! - fixture.lr * grad[i]!; // torch.optim.SGD(lr), no momentum or decay
        expect(Math.abs(updated - expected.parameters[i]!), `parameter ${i}`).toBeLessThan(1e-12);
      }
    },
  );
});
