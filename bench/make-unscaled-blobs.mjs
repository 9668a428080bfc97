#!/usr/bin/env node
// Writes the "unscaled features" case of issue 14: 4-class Gaussian blobs in 20 features, every
// feature shifted and scaled to mean 10 and standard deviation 3 (over all rows written), as CSV
// (x0..x19,label). Seeded: the same arguments always write the same bytes.
//
//   node bench/make-unscaled-blobs.mjs OUT_DIR [--seed 7] [--train 5000] [--test 1000]
//
// Writes OUT_DIR/unscaled-blobs-train.csv and OUT_DIR/unscaled-blobs-test.csv. Class centres are
// N(0, 1) per feature; each row is its class centre plus N(0, 1.5²) noise per feature; then each
// column is mapped by x → 10 + 3·(x − mean)/std (population std over train and test rows together).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: 'string', default: '7' },
    train: { type: 'string', default: '5000' },
    test: { type: 'string', default: '1000' },
  },
});
if (positionals.length !== 1) {
  console.error('usage: node bench/make-unscaled-blobs.mjs OUT_DIR [--seed N] [--train ROWS] [--test ROWS]');
  process.exit(2);
}
const FEATURES = 20;
const CLASSES = 4;
const NOISE = 1.5;
const trainRows = Number(values.train);
const testRows = Number(values.test);
const rows = trainRows + testRows;

// mulberry32: a small, well-known seeded generator, so the script needs nothing but Node.
let state = Number(values.seed) >>> 0;
function uniform() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
/** Box–Muller: one standard normal from two uniforms in (0, 1]. */
function normal() {
  const u = 1 - uniform();
  const v = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const centres = Array.from({ length: CLASSES }, () => Array.from({ length: FEATURES }, normal));
const x = new Float64Array(rows * FEATURES);
const labels = new Int32Array(rows);
for (let r = 0; r < rows; r++) {
  const c = r % CLASSES;
  labels[r] = c;
  for (let j = 0; j < FEATURES; j++) x[r * FEATURES + j] = centres[c][j] + NOISE * normal();
}
for (let j = 0; j < FEATURES; j++) {
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += x[r * FEATURES + j];
  const mean = sum / rows;
  let squares = 0;
  for (let r = 0; r < rows; r++) squares += (x[r * FEATURES + j] - mean) ** 2;
  const std = Math.sqrt(squares / rows);
  for (let r = 0; r < rows; r++) x[r * FEATURES + j] = 10 + (3 * (x[r * FEATURES + j] - mean)) / std;
}

const header = `${Array.from({ length: FEATURES }, (_, j) => `x${j}`).join(',')},label\n`;
function csv(from, to) {
  const lines = [header];
  for (let r = from; r < to; r++) {
    const cells = Array.from({ length: FEATURES }, (_, j) => x[r * FEATURES + j].toPrecision(8));
    lines.push(`${cells.join(',')},${labels[r]}\n`);
  }
  return lines.join('');
}
writeFileSync(join(positionals[0], 'unscaled-blobs-train.csv'), csv(0, trainRows));
writeFileSync(join(positionals[0], 'unscaled-blobs-test.csv'), csv(trainRows, rows));
console.log(
  `wrote ${trainRows} training and ${testRows} test rows of ${FEATURES} features, ${CLASSES} classes`,
);
