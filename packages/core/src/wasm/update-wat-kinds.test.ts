// The WAT generator makes one update kernel per optimizer name and refuses a name it has no code
// for, instead of silently running another optimizer's.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_KINDS } from '../optimizers/optimizer-kinds.js';

const generator = new URL('../../scripts/update-wat.mjs', import.meta.url).href;
const { updateWat } = (await import(generator)) as { updateWat: (kinds?: readonly string[]) => string };

describe('updateWat', () => {
  it('exports <kind>_f32 and <kind>_f64 for every optimizer kind', () => {
    const wat = updateWat();
    for (const kind of OPTIMIZER_KINDS) {
      expect(wat).toContain(`(export "${kind}_f32")`);
      expect(wat).toContain(`(export "${kind}_f64")`);
    }
  });

  it('throws for a kind without WebAssembly code, naming it', () => {
    expect(() => updateWat(['sgd', 'rmsprop'])).toThrow(/optimizer "rmsprop" has no WebAssembly code/);
  });
});
