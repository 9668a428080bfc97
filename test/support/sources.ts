// Small deterministic datasets for cross-package tests.
import { allocate, type DType, type RowSource } from '@shardwise/core';

export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

export type Objective = 'ce-labels' | 'ce-soft' | 'mse';

/** `rows` rows of `features` features for the objective, with `outputs` classes or targets. */
export function makeRows(
  objective: Objective,
  dtype: DType,
  rows: number,
  features: number,
  outputs: number,
  seed: number,
): RowSource & { rows: number } {
  const next = lcg(seed);
  const x = allocate(dtype, rows * features).map(() => next());
  if (objective === 'ce-labels') {
    const labels = Int32Array.from(
      { length: rows },
      () => Math.floor(((next() + 1) / 2) * outputs) % outputs,
    );
    return { rows, features, outputs, x, labels, targets: null };
  }
  const targets = allocate(dtype, rows * outputs).map(() =>
    objective === 'mse' ? 0.9 * next() : next() + 1.1,
  );
  if (objective === 'ce-soft') {
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let j = 0; j < outputs; j++) sum += targets[r * outputs + j]!;
      for (let j = 0; j < outputs; j++) targets[r * outputs + j] = targets[r * outputs + j]! / sum;
    }
  }
  return { rows, features, outputs, x, labels: null, targets };
}

export function randomParams(dtype: DType, count: number, seed: number) {
  const next = lcg(seed);
  return allocate(dtype, count).map(() => next() * 0.5);
}
