// Entry of the dedicated thread behind spawnTrainer(): it runs train() (and so its own worker
// pool) here, so the caller's event loop only ever handles small comlink messages.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink/dist/esm/comlink.mjs';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { train } from '../trainer/train.js';
import type { RemoteTrainOptions, TrainerThreadApi } from './remote-api.js';

let controller: AbortController | null = null;

const api: TrainerThreadApi = {
  async train(options: RemoteTrainOptions, onEpoch) {
    controller = new AbortController();
    try {
      const result = await train({
        ...options,
        signal: controller.signal,
        ...(onEpoch && { onEpoch: (m) => void onEpoch(m) }),
      });
      const { model, ...rest } = result;
      const { config, parameters, standardization, classNames, columns } = model;
      return { config, parameters, standardization, classNames, columns, ...rest };
    } finally {
      controller = null;
    }
  },
  abort() {
    controller?.abort();
  },
};

if (!parentPort) throw new Error('trainer-thread must run in a worker thread');
Comlink.expose(api, nodeEndpoint(parentPort));
