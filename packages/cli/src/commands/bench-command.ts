/** `shardwise bench`: how fast data-parallel training is on this machine, and how well it scales. */

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { BENCH_FLAGS } from '../bench/bench-flags.js';
import { benchOptionsFromArgv } from '../bench/bench-options.js';
import { runBench } from '../bench/run-bench.js';
import { guardStream } from '../output/stdio-guard.js';
import { withExamples } from './help-examples.js';

export const benchCommand: CommandModule = {
  command: 'bench',
  describe: 'measure training throughput and its scaling over worker threads on this machine',
  builder: (yargs: Argv) =>
    withExamples(yargs.options(BENCH_FLAGS), [
      ['$0 bench', 'every workload, 1 up to the number of cores, 2 s per point'],
      ['$0 bench --workload mnist --workers 1,2,4 --svg scaling.svg', 'one workload, with a plot'],
      ['$0 bench --mode weak --json > weak.jsonl', 'weak scaling, as JSON lines'],
      ['$0 bench --hidden 512,512 --features 128 --classes 10', 'a custom model'],
    ]),
  handler: async (argv: ArgumentsCamelCase) => {
    // Every flag is validated before the first worker starts.
    const options = benchOptionsFromArgv(argv);
    await runBench(options, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdoutHealth: guardStream(process.stdout),
    });
  },
};
