// Load: four trainers at once in one process, on a 2-core machine (more threads than cores), each
// driven step by step in a random interleaving of step(), epoch(), evaluate() and save(), one of
// them saved mid-epoch, closed and resumed, plus one off-thread (spawnTrainer); each ends bit for
// bit where it ends alone. (test/library/concurrent-trainers.test.ts covers plain train() calls.)
// Then four `shardwise train` processes at once write the same checkpoints as each run alone.

import { Rng } from '@shardwise/core';
import {
  type EpochMetrics,
  spawnTrainer,
  Trainer,
  type TrainOptions,
  type TrainResult,
  train,
} from 'shardwise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../packages/cli/src/io/safetensors.js';
import { requireBuiltBinary, runCli, startCli, tempDir } from '../cli/cli-harness.js';

const dir = tempDir('reliability-load');
beforeAll(requireBuiltBinary);
afterAll(() => dir.remove());

/** Four different small runs; 7 threads in all on 2 cores. */
const RUNS: readonly TrainOptions[] = [
  { dataset: 'spirals', samples: 400, hidden: [24, 24], epochs: 4, batchSize: 32, workers: 2, seed: 11 },
  {
    dataset: 'moons',
    samples: 300,
    hidden: [16],
    epochs: 5,
    batchSize: 20,
    workers: 1,
    seed: 12,
    optimizer: 'momentum',
    lr: 0.05,
  },
  {
    dataset: 'teacher',
    samples: 256,
    hidden: [12],
    epochs: 4,
    batchSize: 64,
    workers: 2,
    seed: 13,
    dtype: 'f64',
  },
  {
    dataset: 'circles',
    samples: 300,
    hidden: [8, 8],
    epochs: 4,
    batchSize: 25,
    workers: 2,
    seed: 14,
    valSplit: 0.2,
    optimizer: 'sgd',
    lr: 0.1,
  },
];

/** The deterministic part of the history (timings are not). */
function lossesOf(history: readonly EpochMetrics[]) {
  return history.map(({ epoch, loss, accuracy, valLoss, valAccuracy }) => ({
    epoch,
    loss,
    accuracy,
    valLoss,
    valAccuracy,
  }));
}

function bits(values: ArrayBufferView): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** Each run alone, computed once (sequentially, with the machine to itself). */
let soloResults: TrainResult[] | undefined;
async function solo(): Promise<TrainResult[]> {
  if (soloResults === undefined) {
    soloResults = [];
    for (const options of RUNS) soloResults.push(await train(options));
  }
  return soloResults;
}

describe('load: 4 trainers at once in one process', () => {
  it('randomly interleaved step()/epoch()/evaluate()/save() and a mid-epoch resume match solo runs bit for bit', async () => {
    const alone = await solo();

    const rng = new Rng(2024);
    const trainers = await Promise.all(RUNS.map((options) => Trainer.create(options)));
    const resumed = new Set<number>();
    try {
      // Each round, every unfinished trainer gets one random action; the actions run concurrently.
      for (let round = 0; trainers.some((t) => t.epochsDone < t.epochsTotal); round++) {
        await Promise.all(
          trainers.map(async (trainer, k) => {
            if (trainer.epochsDone >= trainer.epochsTotal) return;
            const action = rng.nextUint32() % 20;
            if (action < 14) await trainer.step();
            else if (action < 17) await trainer.epoch();
            else if (action < 19) trainer.evaluate();
            else await trainer.save(dir.file(`mid-${k}-${round}.safetensors`));
          }),
        );
        // Once, for run 0, three steps into its second epoch: save, close, and carry on from the file.
        const first = trainers[0]!;
        if (!resumed.has(0) && first.epochsDone === 1) {
          for (let step = 0; step < 3; step++) await first.step();
          expect(first.epochsDone).toBe(1);
          const path = dir.file('resume-0.safetensors');
          await first.save(path);
          await first.close();
          trainers[0] = await Trainer.create({ ...RUNS[0], resume: path });
          resumed.add(0);
        }
      }
      expect(resumed.has(0)).toBe(true);
      trainers.forEach((trainer, k) => {
        expect(bits(trainer.model.parameters).equals(bits(alone[k]!.model.parameters)), `run ${k}`).toBe(
          true,
        );
        expect(lossesOf(trainer.history), `run ${k}`).toEqual(lossesOf(alone[k]!.history));
      });
    } finally {
      await Promise.all(trainers.map((trainer) => trainer.close()));
    }
  });

  it('an off-thread trainer (spawnTrainer) next to three in-process ones gives its solo result', async () => {
    const alone = await solo();
    const remote = await spawnTrainer();
    try {
      const [offThread, ...inProcess] = await Promise.all([
        remote.train(RUNS[3]!),
        train(RUNS[0]!),
        train(RUNS[1]!),
        train(RUNS[2]!),
      ]);
      expect(bits(offThread.model.parameters).equals(bits(alone[3]!.model.parameters))).toBe(true);
      expect(lossesOf(offThread.history)).toEqual(lossesOf(alone[3]!.history));
      for (const [k, result] of inProcess.entries()) {
        expect(bits(result.model.parameters).equals(bits(alone[k]!.model.parameters)), `run ${k}`).toBe(true);
        expect(lossesOf(result.history), `run ${k}`).toEqual(lossesOf(alone[k]!.history));
      }
    } finally {
      await remote.close();
    }
  });
});

describe('load: 4 CLI runs at once', () => {
  it('save the same tensors as each run alone', async () => {
    const argsOf = (k: number, out: string) => [
      'train',
      '--dataset',
      ['spirals', 'moons', 'circles', 'xor'][k]!,
      '--samples',
      '300',
      '--hidden',
      '16',
      '--epochs',
      '3',
      '--workers',
      '2',
      '--seed',
      String(k + 1),
      '--out',
      out,
      '--quiet',
    ];
    const together = await Promise.all(
      [0, 1, 2, 3].map((k) => startCli(argsOf(k, dir.file(`together-${k}.safetensors`)), () => {})),
    );
    for (const [k, result] of together.entries()) {
      expect(result.status, result.stderr).toBe(0);
      const alone = runCli(argsOf(k, dir.file(`alone-${k}.safetensors`)));
      expect(alone.status, alone.stderr).toBe(0);
      // Tensors (weights, optimizer state, RNG position); the metadata holds timings, which differ.
      const [a, b] = await Promise.all([
        readSafetensors(dir.file(`together-${k}.safetensors`)),
        readSafetensors(dir.file(`alone-${k}.safetensors`)),
      ]);
      expect([...a.tensors.keys()]).toEqual([...b.tensors.keys()]);
      for (const [name, tensor] of a.tensors) {
        expect(bits(tensor.data).equals(bits(b.tensors.get(name)!.data)), `run ${k}, ${name}`).toBe(true);
      }
    }
  });
});
