// Builds the CBLAS addon at install, offline and without node-gyp: one call of the C compiler
// against the Node-API headers (the node-api-headers package, or those installed with Node) and
// the first CBLAS that links and runs (OpenBLAS, BLIS, or a generic cblas/blas). Where there is
// no compiler, headers or CBLAS it prints one line and exits 0: the install never fails on it,
// and `--kernels native` says what to install. SHARDWISE_BLAS=skip skips the build;
// SHARDWISE_BLAS=openblas|blis|cblas|blas tries only that library. Where glibc's libmvec links
// (x86-64, glibc >= 2.35) the addon also gets bias + tanh on it; SHARDWISE_BLAS_MVEC=skip leaves it out.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(packageDir, 'src', 'native', 'blas-addon.c');
const tanhSource = join(packageDir, 'src', 'native', 'bias-tanh-mvec.c');
const output = join(packageDir, 'build', 'shardwise-blas.node');
const INSTALL_HINT = 'install a C compiler and a CBLAS (apt-get install build-essential libopenblas-dev)';

/** CBLAS candidates in order of preference: compiler flags and libraries. */
const CANDIDATES = [
  { name: 'OpenBLAS', cflags: [], libs: ['-lopenblas'] },
  { name: 'OpenBLAS', cflags: ['-I/usr/include/openblas'], libs: ['-lopenblas'] },
  { name: 'BLIS', cflags: ['-I/usr/include/blis'], libs: ['-lblis'] },
  { name: 'cblas', cflags: [], libs: ['-lcblas', '-lblas'] },
  { name: 'blas', cflags: [], libs: ['-lblas'] },
];

/** A program that links both GEMMs and checks one product: the CBLAS is usable, not just present. */
const PROBE = `#include <cblas.h>
int main(void) {
  float a[2] = {1, 2}, b[2] = {3, 4}, c[1] = {0};
  double ad[2] = {1, 2}, bd[2] = {3, 4}, cd[1] = {0};
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 2, 1.0f, a, 2, b, 1, 0.0f, c, 1);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 2, 1.0, ad, 2, bd, 1, 0.0, cd, 1);
  return c[0] == 11.0f && cd[0] == 11.0 ? 0 : 1;
}
`;

/**
 * A program that links every libmvec tanh the kernel may pick and checks one value of each: where
 * it does not build or run (no glibc >= 2.35, not x86-64), the addon is built without biasTanh.
 */
const MVEC_PROBE = `#include <immintrin.h>
#include <math.h>
extern __m128 _ZGVbN4v_tanhf(__m128);
extern __m128d _ZGVbN2v_tanh(__m128d);
__attribute__((target("avx2"))) extern __m256 _ZGVdN8v_tanhf(__m256);
__attribute__((target("avx2"))) extern __m256d _ZGVdN4v_tanh(__m256d);
__attribute__((target("avx512f"))) extern __m512 _ZGVeN16v_tanhf(__m512);
__attribute__((target("avx512f"))) extern __m512d _ZGVeN8v_tanh(__m512d);
void *volatile keep[4] = {(void *)_ZGVdN8v_tanhf, (void *)_ZGVdN4v_tanh, (void *)_ZGVeN16v_tanhf, (void *)_ZGVeN8v_tanh};
int main(void) {
  float f[4];
  double d[2];
  _mm_storeu_ps(f, _ZGVbN4v_tanhf(_mm_set1_ps(0.5f)));
  _mm_storeu_pd(d, _ZGVbN2v_tanh(_mm_set1_pd(0.5)));
  return fabsf(f[3] - 0.46211716f) < 1e-6f && fabs(d[1] - 0.46211715726000974) < 1e-15 ? 0 : 1;
}
`;

function skip(reason) {
  console.log(`@shardwise/blas: native kernels not built (${reason}); --kernels native will be unavailable`);
  process.exit(0);
}

function run(command, args) {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function findCompiler() {
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
    if (run(cc, ['--version'])) return cc;
  }
  return null;
}

function findNodeApiHeaders() {
  const dirs = [];
  try {
    dirs.push(createRequire(import.meta.url)('node-api-headers').include_dir);
  } catch {
    // Not installed (a production install skips devDependencies): use Node's own headers.
  }
  dirs.push(join(dirname(dirname(process.execPath)), 'include', 'node'));
  return dirs.find((dir) => dir && existsSync(join(dir, 'node_api.h'))) ?? null;
}

if (process.env.SHARDWISE_BLAS === 'skip') skip('SHARDWISE_BLAS=skip');
if (process.platform === 'win32') skip('the build script supports Linux and macOS');
const cc = findCompiler();
if (!cc) skip(`no C compiler found: ${INSTALL_HINT}`);
const napiHeaders = findNodeApiHeaders();
if (!napiHeaders) skip('no Node-API headers found (node-api-headers, or include/node beside node)');

const scratch = mkdtempSync(join(tmpdir(), 'shardwise-blas-'));
try {
  writeFileSync(join(scratch, 'probe.c'), PROBE);
  const probe = join(scratch, 'probe');
  const wanted = process.env.SHARDWISE_BLAS?.toLowerCase();
  const candidates = wanted ? CANDIDATES.filter(({ name }) => name.toLowerCase() === wanted) : CANDIDATES;
  const blas = candidates.find(
    ({ cflags, libs }) =>
      run(cc, [...cflags, join(scratch, 'probe.c'), '-o', probe, ...libs]) && run(probe, []),
  );
  if (!blas) skip(`no CBLAS found${wanted ? ` for SHARDWISE_BLAS=${wanted}` : ''}: ${INSTALL_HINT}`);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(join(scratch, 'mvec-probe.c'), MVEC_PROBE);
  const mvecProbe = join(scratch, 'mvec-probe');
  const mvec =
    process.env.SHARDWISE_BLAS_MVEC !== 'skip' &&
    run(cc, ['-O2', join(scratch, 'mvec-probe.c'), '-o', mvecProbe, '-lmvec', '-lm']) &&
    run(mvecProbe, []);
  const mvecArgs = mvec ? ['-DSHARDWISE_MVEC', tanhSource] : [];
  // Node-API symbols resolve against the running node at load: undefined here by design.
  const undefinedOk = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
  const args = [
    '-shared',
    '-fPIC',
    '-O2',
    '-std=c11',
    '-Wall',
    `-I${napiHeaders}`,
    ...blas.cflags,
    ...mvecArgs,
    source,
    '-o',
    output,
    ...undefinedOk,
    ...blas.libs,
    ...(mvec ? ['-lmvec'] : []),
    '-ldl',
    '-lm',
  ];
  try {
    execFileSync(cc, args, { stdio: 'pipe' });
  } catch (error) {
    const firstLine =
      String(error.stderr ?? error.message)
        .split('\n')
        .find((line) => line.trim()) ?? '';
    skip(`compiling against ${blas.name} failed: ${firstLine.trim()}`);
  }
  // A binary that does not load is worse than none: check it here, in a fresh node.
  const check = `const b = require(${JSON.stringify(output)}); if (typeof b.gemm !== 'function') process.exit(1);`;
  if (!run(process.execPath, ['-e', check])) {
    rmSync(output, { force: true });
    skip(`the built addon does not load against ${blas.name}`);
  }
  const tanhNote = mvec ? ', bias + tanh on libmvec' : ', tanh left to WebAssembly (no libmvec tanh)';
  console.log(
    `@shardwise/blas: native kernels built against ${blas.name} (${blas.libs.join(' ')})${tanhNote}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
