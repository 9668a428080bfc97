// Packs the five publishable packages (@shardwise/core, @shardwise/blas, @shardwise/mpi,
// @shardwise/worker, shardwise) as npm tarballs into one folder (default `dist-packages/`, or the
// folder given as the first argument), from their built `dist/`. `pnpm pack` rewrites the `workspace:` ranges to the packed versions,
// so `npm install <folder>/*.tgz` in any other project installs all five together. The native
// packages (blas, mpi) ship C source only and build their addon at install.
// Run it through `pnpm pack:all`, which builds first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const destination = resolve(process.argv[2] ?? join(root, 'dist-packages'));

// Old tarballs (another version) must not be installed next to the new ones.
rmSync(destination, { recursive: true, force: true });
mkdirSync(destination, { recursive: true });
execFileSync('pnpm', ['-r', '--filter', './packages/*', 'pack', '--pack-destination', destination], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  shell: process.platform === 'win32',
});
for (const name of readdirSync(destination).sort()) {
  if (name.endsWith('.tgz')) console.log(join(destination, name));
}
