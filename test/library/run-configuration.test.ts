// Trainer.configuration (the CLI's --json start record): the resolved run, every option, and the
// BLAS behind native kernels.
import { nativeKernelsInfo } from '@shardwise/worker';
import { Trainer } from 'shardwise';
import { describe, expect, it } from 'vitest';

describe('Trainer.configuration', () => {
  it('holds the resolved run and every resolved option', async () => {
    const trainer = await Trainer.create({
      dataset: 'moons',
      samples: 50,
      hidden: [4],
      valSplit: 0.2,
      workers: 1,
      kernels: 'ts',
      optimizer: 'adamw',
      lrSchedule: 'cosine',
      warmupEpochs: 2,
      epochs: 12,
    });
    try {
      const configuration = trainer.configuration;
      expect(configuration).toMatchObject({
        workers: 1,
        kernels: 'ts',
        blas: null,
        parameters: 2 * 4 + 4 + 4 * 2 + 2,
        rows: { train: 40, validation: 10 },
        optimizer: { kind: 'adamw', lr: 0.01, weightDecay: 0.01 },
        // T_max defaults to the epochs after the warm-up; the start factor to LinearLR's 1/3.
        schedule: { kind: 'cosine', warmupEpochs: 2, warmupStartFactor: 1 / 3, tMax: 10, etaMin: 0 },
        earlyStopping: null,
      });
      // Generic: every option the run resolved is there (a new option needs no edit here).
      for (const key of ['dataset', 'samples', 'hidden', 'valSplit', 'shuffle', 'lrSchedule', 'restoreBest'])
        expect(configuration.options).toHaveProperty(key);
      expect(JSON.parse(JSON.stringify(configuration))).toEqual(configuration);
      expect(trainer.lr).toBeCloseTo(0.01 / 3, 15);
    } finally {
      await trainer.close();
    }
  });

  it.skipIf(nativeKernelsInfo() === null)('names the BLAS of native kernels', async () => {
    const trainer = await Trainer.create({
      dataset: 'moons',
      samples: 50,
      hidden: [4],
      workers: 1,
      kernels: 'native',
    });
    try {
      const { vendor, corename, library } = nativeKernelsInfo()!;
      expect(trainer.configuration.blas).toEqual({ vendor, corename, library });
    } finally {
      await trainer.close();
    }
  });
});
