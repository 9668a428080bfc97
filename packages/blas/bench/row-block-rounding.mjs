// Does a row of C come out the same whether the GEMM is called on all rows at once or on row
// blocks (one per worker's shard)? Prints, per shape and block count, how many elements differ
// in their bits. Nonzero counts mean results depend on the worker count (never on a run's seed).
//   node packages/blas/bench/row-block-rounding.mjs
import { loadNativeBlas } from '../dist/index.js';

const { blas, reason } = loadNativeBlas();
if (!blas) {
  console.error(`row-block-rounding: ${reason}`);
  process.exit(1);
}
let seed = 1;
const next = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 31 - 1;
};
console.log(`${blas.info.vendor} ${blas.info.corename ?? ''} (${blas.info.config ?? blas.info.library})`);
for (const [name, T] of [
  ['f32', Float32Array],
  ['f64', Float64Array],
]) {
  for (const [m, n, k] of [
    [256, 256, 784],
    [256, 10, 256],
    [64, 512, 256],
    [13, 6, 5],
  ]) {
    const a = T.from({ length: m * k }, next);
    const b = T.from({ length: k * n }, next);
    const whole = new T(m * n);
    blas.gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, 0, whole, 0, n);
    const counts = [2, 3, 4].map((blocks) => {
      const c = new T(m * n);
      for (let p = 0; p < blocks; p++) {
        const from = Math.floor((p * m) / blocks);
        const to = Math.floor(((p + 1) * m) / blocks);
        blas.gemm(false, false, to - from, n, k, 1, a, from * k, k, b, 0, n, 0, c, from * n, n);
      }
      let differ = 0;
      for (let i = 0; i < m * n; i++) if (!Object.is(c[i], whole[i])) differ++;
      return `${blocks} blocks: ${differ}`;
    });
    console.log(`${name} ${m}×${n}×${k} (${m * n} elements) differing: ${counts.join(', ')}`);
  }
}
