// `pnpm shardwise …` and `pnpm train …` run in the workspace root, yet relative paths in their
// flags resolve against the folder the user typed the command in (pnpm's INIT_CWD), while the
// `shardwise` bin itself resolves them against its working directory and ignores INIT_CWD, as a
// user's own npm script expects.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, run } from './installed-package.js';

const ROWS_CSV = 'x0,x1,label\n0,0,0\n1,1,0\n0,1,1\n1,0,1\n0.1,0.9,1\n0.9,0.1,1\n0.1,0.1,0\n0.9,0.9,0\n';
const BIN = join(REPO_ROOT, 'packages', 'cli', 'dist', 'bin.js');

describe('relative paths of the repository scripts', () => {
  let userDir: string;

  beforeEach(() => {
    userDir = realpathSync(mkdtempSync(join(tmpdir(), 'shardwise-cwd-')));
    writeFileSync(join(userDir, 'rows.csv'), ROWS_CSV);
  });
  afterEach(() => rmSync(userDir, { recursive: true, force: true }));

  for (const script of [['shardwise', 'train'], ['train']]) {
    it(`\`pnpm ${script.join(' ')} --data rows.csv\` reads and writes where the user stands`, () => {
      const args = [
        '--dir',
        REPO_ROOT,
        ...script,
        '--data',
        'rows.csv',
        '--epochs',
        '1',
        '--out',
        'here.safetensors',
      ];
      const result = run('pnpm', args, userDir);
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^done {2}1 epoch .*saved here\.safetensors/m);
      expect(existsSync(join(userDir, 'here.safetensors'))).toBe(true);
      expect(existsSync(join(REPO_ROOT, 'here.safetensors'))).toBe(false);
    }, 120_000);
  }

  it('the bin resolves against its working directory, whatever INIT_CWD says', () => {
    const elsewhere = join(userDir, 'elsewhere');
    mkdirSync(elsewhere);
    const result = run(
      process.execPath,
      [BIN, 'train', '--data', 'rows.csv', '--epochs', '1', '--out', 'bin.safetensors'],
      userDir,
      120_000,
      { INIT_CWD: elsewhere },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(userDir, 'bin.safetensors'))).toBe(true);
    expect(existsSync(join(elsewhere, 'bin.safetensors'))).toBe(false);
  }, 120_000);
});
