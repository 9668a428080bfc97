import { Worker } from 'node:worker_threads';
import type { Remote } from 'comlink';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Model } from '../model/model.js';
import { abortError } from '../trainer/abort-error.js';
import type { EpochMetrics, TrainOptions, TrainResult } from '../trainer/train-options.js';
import type { TrainerThreadApi } from './remote-api.js';

/** A trainer running in its own thread; see `spawnTrainer`. */
export interface RemoteTrainer {
  /**
   * Trains there with the same options as `train()` (callbacks other than `onEpoch` stay behind).
   * `onEpoch` is called here, through a comlink proxy; `signal` aborts the remote run, which then
   * rejects with an AbortError. Other errors arrive as plain `Error`s that keep their `name` and
   * `message` (e.g. `'DataError'`) but not their class, `hint` or `exitCode`. Run one training at a
   * time per thread.
   */
  train(
    options: Omit<TrainOptions, 'onEpoch' | 'onStep'>,
    onEpoch?: (metrics: EpochMetrics) => void,
  ): Promise<{
    /** The trained network, rebuilt on this side from the thread's config and parameters. */
    model: Model;
    /** One entry per epoch, in order. */
    history: readonly EpochMetrics[];
    /** As `TrainResult.stopped`: `'early-stopping'`, or null when every epoch ran. */
    stopped: TrainResult['stopped'];
    /** As `TrainResult.bestEpoch`. */
    bestEpoch: TrainResult['bestEpoch'];
  }>;
  /**
   * Ends the thread (and its worker pool). A `train()` still running rejects at once with an
   * AbortError; one called afterwards rejects with an Error. Safe to call twice.
   */
  close(): Promise<void>;
  /** The underlying comlink remote, for callers who want it directly. */
  readonly remote: Remote<TrainerThreadApi>;
}

const THREAD_FILE = new URL('./trainer-thread.js', import.meta.url);

/**
 * Starts a dedicated worker thread that runs the trainer, so a service's event loop stays free
 * while it trains; the thread is reached through comlink. The trainer there still starts its own
 * pool of `workers` threads for each run. Call `close()` when done to end the thread. Should the
 * thread die, a pending `train()` rejects with its error rather than waiting forever.
 */
export async function spawnTrainer(): Promise<RemoteTrainer> {
  const worker = new Worker(THREAD_FILE);
  await new Promise<void>((resolve, reject) => {
    worker.once('online', resolve);
    worker.once('error', reject);
  });
  const remote = Comlink.wrap<TrainerThreadApi>(nodeEndpoint(worker));
  // comlink waits for the thread's reply forever; these settle the calls when no reply can come.
  const pending = new Set<(error: Error) => void>();
  let closed = false;
  const rejectPending = (error: Error) => {
    for (const reject of pending) reject(error);
    pending.clear();
  };
  worker.on('error', rejectPending);
  worker.once('exit', (code) => {
    closed = true;
    rejectPending(new Error(`the trainer thread exited with code ${code}`));
  });
  return {
    remote,
    async train(options, onEpoch) {
      if (closed) throw new Error('the trainer thread is closed (spawnTrainer().close() was called)');
      const { signal, ...rest } = options;
      signal?.throwIfAborted();
      const abort = () => {
        if (!closed) remote.abort().catch(() => {});
      };
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const outcome = await new Promise<Awaited<ReturnType<TrainerThreadApi['train']>>>(
          (resolve, reject) => {
            pending.add(reject);
            remote
              .train(rest, onEpoch && Comlink.proxy(onEpoch))
              .then(resolve, reject)
              .finally(() => pending.delete(reject));
          },
        );
        const {
          config,
          parameters,
          standardization,
          classNames = null,
          columns = null,
          ...results
        } = outcome;
        const model = new Model(config, parameters, { standardization, classNames, columns });
        return { model, ...results };
      } catch (error) {
        if (signal?.aborted) throw abortError(signal);
        throw error;
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      rejectPending(closedWhileTraining());
      remote[Comlink.releaseProxy]();
      await worker.terminate();
    },
  };
}

/** What a `train()` still running when `close()` is called rejects with. */
function closedWhileTraining(): Error {
  const error = new Error('the trainer thread was closed while train() was running');
  error.name = 'AbortError';
  return error;
}
