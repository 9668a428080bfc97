// Every ```sh and ```ts block of the README runs as written, in order, in one new project folder
// outside the repository, as a reader following the README would: the Install block installs the
// packed tarballs there, the shell blocks run with bash, the TypeScript blocks type-check against
// the installed package ("module": "nodenext") and run as ESM. Blocks marked
// `<!-- readme-test: skip: … -->` say why (CI runs them itself, or they rebuild the workspace).
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, REPO_TSC, run, runOk } from '../packaging/installed-package.js';
import { type CodeBlock, codeBlocks } from './readme-blocks.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const BLOCKS = codeBlocks(README);

function title(block: CodeBlock): string {
  return `${block.language} block at README.md:${block.line}: ${block.code.split('\n')[0]}`;
}

describe('README code blocks', () => {
  let work: string;
  let project: string;

  beforeAll(() => {
    work = realpathSync(mkdtempSync(join(tmpdir(), 'shardwise-readme-')));
    project = join(work, 'my-project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      '{ "name": "my-project", "private": true, "type": "module" }\n',
    );
    // The skipped `cd path/to/shardwise && pnpm pack:all`, with the workspace already built.
    runOk(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'pack-all.mjs'), join(project, 'path/to/shardwise/dist-packages')],
      REPO_ROOT,
    );
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has shell and TypeScript blocks, and every skipped one says why', () => {
    expect(
      BLOCKS.filter((block) => block.language === 'sh' && !block.skipReason).length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      BLOCKS.filter((block) => block.language === 'ts' && !block.skipReason).length,
    ).toBeGreaterThanOrEqual(3);
  });

  for (const block of BLOCKS) {
    if (block.skipReason) {
      it.skip(`${title(block)} (skipped: ${block.skipReason})`, () => {});
      continue;
    }
    it(`runs the ${title(block)}`, () => {
      const result =
        block.language === 'sh'
          ? run('bash', ['-euo', 'pipefail', '-c', block.code], project, 180_000)
          : runTypeScript(block, project);
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    }, 180_000);
  }

  it('type-checks every TypeScript block against the installed package', () => {
    // After the blocks above, which installed the package (tests in a file run in order).
    const files = BLOCKS.filter((block) => block.language === 'ts' && !block.skipReason).map((block) => {
      const file = `readme-${block.line}.ts`;
      writeFileSync(join(project, file), block.code);
      return file;
    });
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files,
      }),
    );
    const result = run(process.execPath, [REPO_TSC, '-p', 'tsconfig.json'], project);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  }, 120_000);

  it('left the files the blocks promise', () => {
    const predictions = readFileSync(join(project, 'predictions.csv'), 'utf8').trim().split('\n');
    expect(predictions[0]).toBe('label,p0,p1');
    expect(predictions).toHaveLength(3);
    for (const name of ['model.safetensors', 'moons.safetensors', 'spirals.safetensors']) {
      expect(readFileSync(join(project, name)).length, name).toBeGreaterThan(0);
    }
  });
});

/** Strips the types (the repository's TypeScript) and runs the block as an ES module. */
function runTypeScript(block: CodeBlock, cwd: string) {
  const { outputText } = ts.transpileModule(block.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const file = join(cwd, `readme-${block.line}.mjs`);
  writeFileSync(file, outputText);
  return run(process.execPath, [file], cwd, 180_000);
}
