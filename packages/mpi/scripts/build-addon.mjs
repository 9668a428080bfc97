// Builds the MPI addon at install, offline and without node-gyp: one call of the MPI compiler
// wrapper (`mpicc`, OpenMPI's or MPICH's, or the one MPICC names) against the Node-API headers
// (the node-api-headers package, or those installed with Node). Where there is no mpicc or no
// headers it prints one line and exits 0: the install never fails on it, and using MPI says what
// to install. SHARDWISE_MPI=skip skips the build. The binary is tied to the MPI it was built
// against, so it is built here on the user's machine and never shipped in the tarball.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(packageDir, 'src', 'native', 'mpi-addon.c');
const output = join(packageDir, 'build', 'shardwise-mpi.node');
const INSTALL_HINT = 'apt-get install libopenmpi-dev openmpi-bin';

function skip(reason) {
  console.log(
    `@shardwise/mpi: MPI addon not built (${reason}); training across processes will be unavailable`,
  );
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

function findNodeApiHeaders() {
  const dirs = [];
  try {
    dirs.push(createRequire(import.meta.url)('node-api-headers').include_dir);
  } catch {
    // Not installed: use Node's own headers.
  }
  dirs.push(join(dirname(dirname(process.execPath)), 'include', 'node'));
  return dirs.find((dir) => dir && existsSync(join(dir, 'node_api.h'))) ?? null;
}

/** The first line of stderr (or of the error) of a failed command. */
function firstLine(error) {
  return (
    String(error.stderr || error.message)
      .split('\n')
      .find((line) => line.trim()) ?? ''
  ).trim();
}

if (process.env.SHARDWISE_MPI === 'skip') skip('SHARDWISE_MPI=skip');
if (process.platform === 'win32') skip('the build script supports Linux and macOS');
const mpicc = process.env.MPICC || 'mpicc';
if (!run(mpicc, ['--version'])) skip(`no MPI compiler wrapper (${mpicc}) found: ${INSTALL_HINT}`);
const napiHeaders = findNodeApiHeaders();
if (!napiHeaders) skip('no Node-API headers found (node-api-headers, or include/node beside node)');

mkdirSync(dirname(output), { recursive: true });
// Node-API symbols resolve against the running node at load: undefined here by design.
const undefinedOk = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
const args = [
  '-shared',
  '-fPIC',
  '-O2',
  '-std=c11',
  '-Wall',
  `-I${napiHeaders}`,
  source,
  '-o',
  output,
  ...undefinedOk,
];
if (process.platform !== 'darwin') args.push('-ldl', '-lpthread', '-lm');
try {
  execFileSync(mpicc, args, { stdio: 'pipe' });
} catch (error) {
  rmSync(output, { force: true });
  skip(`compiling with ${mpicc} failed: ${firstLine(error)}`);
}
// A binary that does not load is worse than none: check it here, in a fresh node (loading links
// the MPI library; it does not start MPI).
const check = `const m = require(${JSON.stringify(output)}); if (typeof m.allgatherv !== 'function') process.exit(1);`;
if (!run(process.execPath, ['-e', check])) {
  rmSync(output, { force: true });
  skip(`the built addon does not load against ${mpicc}'s MPI library`);
}
console.log(`@shardwise/mpi: MPI addon built with ${mpicc}`);
