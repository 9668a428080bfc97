// Early stopping on the validation loss, as Keras's EarlyStopping(monitor='val_loss', patience,
// min_delta, restore_best_weights): where it stops follows the rule, and the model ends up with
// the best epoch's parameters (or the last ones with restoreBest false).
import { type EpochMetrics, Trainer, train, UsageError } from 'shardwise';
import { describe, expect, it } from 'vitest';

const run = {
  dataset: 'blobs',
  samples: 120,
  features: 20,
  classes: 3,
  noise: 2,
  hidden: [32],
  lr: 0.02,
  valSplit: 0.25,
  batchSize: 16,
  workers: 1,
  seed: 3,
  dtype: 'f64',
} as const;

/**
 * Where Keras would stop given the validation losses: [best epoch, last epoch run] (1-based).
 * Keras compares `current + min_delta < best` in mode 'min' (it negates min_delta for it).
 */
function kerasStop(valLosses: readonly number[], patience: number, minDelta: number): [number, number] {
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let wait = 0;
  for (let e = 0; e < valLosses.length; e++) {
    wait += 1;
    if (valLosses[e]! + minDelta < best) {
      best = valLosses[e]!;
      bestEpoch = e + 1;
      wait = 0;
    } else if (wait >= patience) return [bestEpoch, e + 1];
  }
  return [bestEpoch, valLosses.length];
}

/** Trains to the end; `snapshots[e]` holds a copy of the parameters after epoch e + 1. */
async function trainKeepingEpochs(options: Parameters<typeof Trainer.create>[0]) {
  const snapshots: number[][] = [];
  const trainer = await Trainer.create(options);
  try {
    const history: EpochMetrics[] = [];
    while (!trainer.stopped && trainer.epochsDone < trainer.epochsTotal) {
      history.push(await trainer.epoch());
      snapshots.push(Array.from(trainer.model.parameters));
    }
    return { history, snapshots, trainer };
  } finally {
    await trainer.close();
  }
}

// The run without early stopping: its losses decide where each variant must stop, its snapshots
// what each must end with (the runs are identical up to their stop).
const plain = trainKeepingEpochs({ ...run, epochs: 8 });

describe('early stopping', () => {
  it.each([
    [2, 0],
    [2, 0.04],
  ])(
    'patience %i, minDelta %f: stops where the rule says, with the best epoch’s parameters',
    async (patience, minDelta) => {
      const { history: full, snapshots } = await plain;
      const valLosses = full.map((h) => h.valLoss!);
      const [bestEpoch, lastEpoch] = kerasStop(valLosses, patience, minDelta);
      expect(lastEpoch).toBeLessThan(8); // the data makes it stop early

      const { history, trainer } = await trainKeepingEpochs({
        ...run,
        epochs: 8,
        earlyStopping: patience,
        ...(minDelta > 0 && { minDelta }),
      });
      expect(history.map((h) => h.valLoss)).toEqual(valLosses.slice(0, lastEpoch));
      expect(trainer.stopReason).toBe('early-stopping');
      expect(trainer.bestEpoch).toEqual({
        epoch: bestEpoch,
        valLoss: valLosses[bestEpoch - 1],
        restored: true,
      });
      expect(Array.from(trainer.model.parameters)).toEqual(snapshots[bestEpoch - 1]);
    },
  );

  it('restoreBest false keeps the last parameters; restoreBest alone keeps the best without stopping', async () => {
    const { history: full, snapshots } = await plain;
    const last = await train({ ...run, epochs: 8, earlyStopping: 2, restoreBest: false });
    expect(last.stopped).toBe('early-stopping');
    expect(last.bestEpoch?.restored).toBe(false);
    expect(Array.from(last.model.parameters)).toEqual(snapshots[last.history.length - 1]);

    const best = await train({ ...run, epochs: 6, restoreBest: true });
    expect(best.stopped).toBeNull();
    expect(best.history).toHaveLength(6);
    const [bestEpoch] = kerasStop(
      full.slice(0, 6).map((h) => h.valLoss!),
      Number.POSITIVE_INFINITY,
      0,
    );
    expect(best.bestEpoch).toEqual({
      epoch: bestEpoch,
      valLoss: full[bestEpoch - 1]!.valLoss,
      restored: true,
    });
    expect(Array.from(best.model.parameters)).toEqual(snapshots[bestEpoch - 1]);
  });

  it('needs validation rows', async () => {
    await expect(train({ ...run, valSplit: 0, earlyStopping: 2 })).rejects.toThrow(UsageError);
    await expect(train({ ...run, valSplit: 0, earlyStopping: 2 })).rejects.toThrow(
      /earlyStopping watches the validation loss, but this run has no validation rows/,
    );
  });
});
