// `train --help` at the narrowest width (80): no example command is wrapped in the middle, and
// --loss says what a CSV with y columns trains with by default. (Wider help only widens the lines;
// help-examples.test.ts keeps every example command within the 80 columns.)
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltBinary, runCli } from './cli-harness.js';

beforeAll(requireBuiltBinary);

/** The lines of the Examples section. */
function exampleLines(help: string): string[] {
  const section = help.slice(help.indexOf('Examples:'));
  return section
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '');
}

describe('train --help', () => {
  it.each(['80', '200'])(
    'COLUMNS=%s: every example command on one line; --loss names its default',
    (columns) => {
      const result = runCli(['train', '--help'], { env: { COLUMNS: columns } });
      expect(result.status).toBe(0);
      const examples = exampleLines(result.stdout);
      expect(examples.length).toBeGreaterThanOrEqual(8);
      // Each example is a `# what it does` line, then the whole command; a wrapped command would
      // leave a line that is neither.
      for (const line of examples) expect(line, line).toMatch(/^ {2}(# \S|shardwise train( --|$))/);
      for (const line of examples) expect(line.length).toBeLessThanOrEqual(Number(columns));
      // How modelConfigOf decides: target columns → mse, labels → ce.
      expect(result.stdout.replace(/\s+/g, ' ')).toContain(
        '--loss softmax cross-entropy or mean squared error; by default mse when the --data CSV has y0.. target columns',
      );
    },
  );
});
