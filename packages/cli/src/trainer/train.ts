import type { TrainOptions, TrainResult } from './train-options.js';
import { Trainer } from './trainer.js';

/**
 * Trains a model from start to finish and resolves with it and its per-epoch history; saves
 * `out` at the end when given. Aborting `signal` stops after the step in progress and rejects with
 * an AbortError; the worker threads always end before this settles.
 */
export async function train(options: TrainOptions = {}): Promise<TrainResult> {
  const trainer = await Trainer.create(options);
  try {
    for await (const _ of trainer) {
      // Each iteration trains one epoch; callbacks in options report progress.
    }
    if (options.out !== undefined) await trainer.save(options.out);
    return {
      model: trainer.model,
      history: trainer.history,
      stopped: trainer.stopReason === 'early-stopping' ? 'early-stopping' : null,
      bestEpoch: trainer.bestEpoch,
    };
  } finally {
    await trainer.close();
  }
}
