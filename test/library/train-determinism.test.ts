// Same seed and options → identical history and parameters, whatever the number of runs.
import { train } from 'shardwise';
import { describe, expect, it } from 'vitest';

describe('train() determinism', () => {
  it('gives an identical history and model for the same seed and options', async () => {
    const options = { dataset: 'moons', samples: 400, hidden: [16], epochs: 3, workers: 2, seed: 5 } as const;
    const a = await train(options);
    const b = await train(options);
    const strip = (h: typeof a.history) => h.map(({ samplesPerSecond: _s, seconds: _t, ...rest }) => rest);
    expect(strip(a.history)).toEqual(strip(b.history));
    expect(Array.from(a.model.parameters)).toEqual(Array.from(b.model.parameters));
    const c = await train({ ...options, seed: 6 });
    expect(Array.from(c.model.parameters)).not.toEqual(Array.from(a.model.parameters));
  });
});
