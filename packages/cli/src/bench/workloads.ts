/**
 * The models `shardwise bench` measures: four named workloads that span the overhead-bound to the
 * compute-bound case, and a `custom` one built from train-like architecture flags. Each comes with
 * its synthetic data (blobs for cross-entropy, teacher for mse) and a seeded initialisation, so
 * every run, and every peer in bench/peers, trains the same arrays.
 */

import {
  type Activation,
  allocate,
  blobs,
  createMlp,
  type Dataset,
  type DType,
  type FloatArray,
  initParameters,
  LOSSES,
  type Loss,
  type MlpConfig,
  type OutputActivation,
  Rng,
  teacher,
} from '@shardwise/core';

/** A model and its batch size (rows per step; per worker in weak scaling). */
export interface Workload {
  readonly name: string;
  readonly mlp: MlpConfig;
  readonly batchSize: number;
}

export const WORKLOAD_NAMES = ['tiny', 'mnist', 'deep', 'mse'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** What `--workload` accepts: the named workloads and `custom` (built from the architecture flags). */
export const WORKLOAD_CHOICES = [...WORKLOAD_NAMES, 'custom'] as const;
export type WorkloadChoice = (typeof WORKLOAD_CHOICES)[number];

interface Architecture {
  readonly sizes: readonly number[];
  readonly activation: Activation;
  readonly loss: Loss;
  readonly outActivation: OutputActivation;
  readonly batchSize: number;
}

const NAMED: Record<WorkloadName, Architecture> = {
  tiny: { sizes: [2, 16, 3], activation: 'sigmoid', loss: 'ce', outActivation: 'identity', batchSize: 64 },
  mnist: { sizes: [784, 256, 10], activation: 'relu', loss: 'ce', outActivation: 'identity', batchSize: 256 },
  deep: {
    sizes: [256, 512, 512, 10],
    activation: 'tanh',
    loss: 'ce',
    outActivation: 'identity',
    batchSize: 512,
  },
  mse: { sizes: [64, 128, 8], activation: 'tanh', loss: 'mse', outActivation: 'tanh', batchSize: 128 },
};

/** The architecture flags of the `custom` workload; absent ones take CUSTOM_DEFAULTS. */
export interface CustomArchitecture {
  readonly features: number;
  readonly hidden: readonly number[];
  /** Classes for ce, output width for mse. */
  readonly classes: number;
  readonly activation: Activation;
  readonly loss: Loss;
  readonly outActivation: OutputActivation;
  readonly batchSize: number;
}

export const CUSTOM_DEFAULTS: CustomArchitecture = {
  features: 32,
  hidden: [64],
  classes: 10,
  activation: 'relu',
  loss: 'ce',
  outActivation: 'identity',
  batchSize: 128,
};

export function isWorkloadName(name: string): name is WorkloadName {
  return (WORKLOAD_NAMES as readonly string[]).includes(name);
}

/** A named workload in `dtype`, with its batch size replaced when `batchSize` is given. */
export function namedWorkload(name: WorkloadName, dtype: DType, batchSize?: number): Workload {
  const { sizes, activation, loss, outActivation } = NAMED[name];
  return {
    name,
    mlp: { sizes, activation, loss, outActivation, dtype },
    batchSize: batchSize ?? NAMED[name].batchSize,
  };
}

export function customWorkload(architecture: CustomArchitecture, dtype: DType): Workload {
  const { features, hidden, classes, activation, loss, outActivation, batchSize } = architecture;
  return {
    name: 'custom',
    mlp: { sizes: [features, ...hidden, classes], activation, loss, outActivation, dtype },
    batchSize,
  };
}

/** `784-256-10 relu, ce` or `64-128-8 tanh, mse (tanh out)`. */
export function describeModel(mlp: MlpConfig): string {
  const loss = LOSSES[mlp.loss].usesOutActivation ? `${mlp.loss} (${mlp.outActivation} out)` : mlp.loss;
  return `${mlp.sizes.join('-')} ${mlp.activation}, ${loss}`;
}

/** `tiny: 2-16-3 sigmoid, ce, batch 64`. */
export function describeWorkload(workload: Workload): string {
  return `${workload.name}: ${describeModel(workload.mlp)}, batch ${workload.batchSize}`;
}

/** Parameters of the model (weights and biases). */
export function parameterCount(mlp: MlpConfig): number {
  return createMlp(mlp).layout.count;
}

/**
 * `rows` synthetic rows for the workload: blobs (one class per output, unit noise) for ce, a
 * random teacher network's outputs for mse. Deterministic for the seed.
 */
export function workloadData(mlp: MlpConfig, rows: number, seed: number): Dataset {
  const features = mlp.sizes[0]!;
  const outputs = mlp.sizes[mlp.sizes.length - 1]!;
  if (!LOSSES[mlp.loss].classification)
    return teacher({ samples: rows, seed, dtype: mlp.dtype, features, outputs });
  return blobs({ samples: rows, seed, dtype: mlp.dtype, features, classes: outputs });
}

/** The model's initial parameters (He or Glorot, see core's initParameters), seeded. */
export function initialParameters(mlp: MlpConfig, seed: number): FloatArray {
  const model = createMlp(mlp);
  const params = allocate(mlp.dtype, model.layout.count);
  initParameters(model, params, new Rng(seed));
  return params;
}
