// A user's project gets shardwise from the packed tarballs alone: `npm install` them into an empty
// folder outside the workspace, then the `shardwise` bin, an ESM import (train, Trainer, loadModel
// and spawnTrainer, whose worker threads load their files by URL from the installed package, on
// the WebAssembly kernels embedded in core) and the TypeScript types all work there.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InstalledProject, installPackedPackages, REPO_TSC, run, runOk } from './installed-package.js';

const LIBRARY_SNIPPET = `
import { wasmKernelVariant } from '@shardwise/worker';
import { loadModel, spawnTrainer, Trainer, train } from 'shardwise';

const { model, history } = await train({
  dataset: 'moons', hidden: [8], epochs: 3, workers: 2, seed: 7, out: 'moons.safetensors', kernels: 'wasm',
});
const predictions = model.predict([0.5, -0.2, 1.0, 0.3]);
const loaded = await loadModel('moons.safetensors', { kernels: 'wasm' });

const trainer = await Trainer.create({ dataset: 'xor', epochs: 1, workers: 1 });
let step;
try {
  step = await trainer.step();
} finally {
  await trainer.close();
}

const remote = await spawnTrainer();
let remoteEpochs = 0;
let remoteResult;
try {
  remoteResult = await remote.train(
    { dataset: 'blobs', features: 4, classes: 3, epochs: 2, workers: 2 },
    () => { remoteEpochs += 1; },
  );
} finally {
  await remote.close();
}

console.log(JSON.stringify({
  resolved: import.meta.resolve('shardwise'),
  wasmVariant: wasmKernelVariant(),
  epochs: history.length,
  predictions: Array.from(predictions),
  loadedPredictions: Array.from(loaded.predict([0.5, -0.2, 1.0, 0.3])),
  stepLoss: step.loss,
  remoteEpochs,
  remoteHistory: remoteResult.history.length,
  remoteOutputs: remoteResult.model.predict([1, 2, 3, 4]).length,
}));
`;

const TYPED_CONSUMER = `
import { type EpochMetrics, type TrainOptions, train } from 'shardwise';

const options: TrainOptions = { dataset: 'moons', hidden: [8], epochs: 2, workers: 1, valSplit: 0.25 };
const { model, history } = await train({ ...options, onEpoch: (metrics: EpochMetrics) => metrics.loss });
const loss: number = history[0]!.loss;
const outputs: number = model.outputs;
console.log(loss, outputs);
`;

const MISSPELLED_CONSUMER = `
import { train } from 'shardwise';

await train({ dataset: 'moons', epocs: 2 });
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    target: 'es2022',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
};

/**
 * The consumer's compiler settings: the usual `skipLibCheck: true`, and a strict project that
 * checks every installed declaration file against the DOM library (which declares its own
 * `WebAssembly`), where a global of ours could conflict or an untyped import could fail.
 */
const CONSUMER_SETTINGS: Record<string, Record<string, unknown>> = {
  'skipLibCheck: true': { skipLibCheck: true },
  'skipLibCheck: false, lib es2022 + dom': { skipLibCheck: false, lib: ['es2022', 'dom'] },
};

function typeCheck(dir: string, file: string, settings: Record<string, unknown> = {}) {
  const tsconfig = { compilerOptions: { ...TSCONFIG.compilerOptions, ...settings }, files: [file] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  return run(process.execPath, [REPO_TSC, '-p', 'tsconfig.json'], dir);
}

describe('installing the packed tarballs into another project', () => {
  let project: InstalledProject;

  beforeAll(() => {
    project = installPackedPackages();
  }, 300_000);

  afterAll(() => project?.remove());

  it('packs the five packages with no workspace: ranges left', () => {
    expect(project.tarballs.map((path) => path.split('/').at(-1))).toEqual([
      'shardwise-0.1.0.tgz',
      'shardwise-blas-0.1.0.tgz',
      'shardwise-core-0.1.0.tgz',
      'shardwise-mpi-0.1.0.tgz',
      'shardwise-worker-0.1.0.tgz',
    ]);
    const manifest = runOk('tar', ['-xzOf', project.tarballs[0]!, 'package/package.json'], project.dir);
    expect(manifest).not.toContain('workspace:');
    expect(JSON.parse(manifest).dependencies['@shardwise/core']).toBe('0.1.0');
  });

  it('ships no compiled addon: the native packages carry their C source and build at install', () => {
    for (const tarball of project.tarballs) {
      const files = runOk('tar', ['-tzf', tarball], project.dir).split('\n');
      expect(
        files.filter((file) => file.endsWith('.node') || file.includes('/build/')),
        tarball,
      ).toEqual([]);
    }
    const mpiFiles = runOk('tar', ['-tzf', project.tarballs[3]!], project.dir);
    expect(mpiFiles).toContain('package/src/native/mpi-addon.c');
    expect(mpiFiles).toContain('package/scripts/build-addon.mjs');
  });

  it('built the MPI addon at install where mpicc exists, and otherwise says what to install', () => {
    const script =
      "import('@shardwise/mpi').then(({ loadMpi }) => console.log(loadMpi().reason ?? 'loaded'))";
    const result = run(process.execPath, ['-e', script], project.dir);
    expect(result.status, result.stderr).toBe(0);
    const hasMpicc = run('mpicc', ['--version'], project.dir, 10_000).status === 0;
    if (hasMpicc) expect(result.stdout.trim()).toBe('loaded');
    else expect(result.stdout.trim()).toMatch(/^the MPI addon is not built .*apt-get install libopenmpi-dev/);
  });

  it('runs `npx shardwise train` from the installed bin', () => {
    const result = run(
      'npx',
      ['--no', 'shardwise', 'train', '--dataset', 'moons', '--epochs', '2', '--out', 'cli.safetensors'],
      project.dir,
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^done {2}2 epochs/m);
    expect(existsSync(join(project.dir, 'cli.safetensors'))).toBe(true);
  }, 120_000);

  it('imports train, Trainer, loadModel and spawnTrainer as ESM and trains, predicts, reloads', () => {
    writeFileSync(join(project.dir, 'library.mjs'), LIBRARY_SNIPPET);
    const result = run(process.execPath, ['library.mjs'], project.dir);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(report.resolved).toBe(`file://${project.dir}/node_modules/shardwise/dist/index.js`);
    // The WebAssembly kernels, embedded in core as a generated module, load from the tarball.
    expect(report.wasmVariant).toBe(Number(process.versions.node.split('.')[0]) >= 22 ? 'relaxed' : 'simd');
    expect(report.epochs).toBe(3);
    expect(report.predictions).toHaveLength(4); // 2 rows × 2 class probabilities, row-major
    expect(report.predictions[0] + report.predictions[1]).toBeCloseTo(1, 6);
    expect(report.loadedPredictions).toEqual(report.predictions);
    expect(Number.isFinite(report.stepLoss)).toBe(true);
    expect(report.remoteEpochs).toBe(2);
    expect(report.remoteHistory).toBe(2);
    expect(report.remoteOutputs).toBe(3);
  }, 120_000);

  it.each(Object.entries(CONSUMER_SETTINGS))(
    'type-checks a "module": "nodenext" consumer of train() and its options (%s)',
    (_name, settings) => {
      writeFileSync(join(project.dir, 'consumer.ts'), TYPED_CONSUMER);
      const result = typeCheck(project.dir, 'consumer.ts', settings);
      expect(result.status, result.stdout + result.stderr).toBe(0);
    },
    120_000,
  );

  it('rejects a misspelled option key at type-check time, naming the option', () => {
    writeFileSync(join(project.dir, 'misspelled.ts'), MISSPELLED_CONSUMER);
    const result = typeCheck(project.dir, 'misspelled.ts');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(
      /misspelled\.ts\(4,33\): error TS2561: .*'epocs'.*Did you mean to write 'epochs'\?/,
    );
  }, 120_000);
});
