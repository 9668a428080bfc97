/** `shardwise bench`: how fast data-parallel training is on this machine, and how well it scales. */

import { Writable } from 'node:stream';
import { mpiLaunch } from '@shardwise/mpi';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { BENCH_FLAGS } from '../bench/bench-flags.js';
import { benchOptionsFromArgv } from '../bench/bench-options.js';
import { mpiBenchRanks } from '../bench/bench-ranks.js';
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
      ['mpirun -np 2 --bind-to none $0 bench --workload mnist --workers 1', 'across 2 MPI ranks (2 × 1)'],
    ]),
  handler: async (argv: ArgumentsCamelCase) => {
    // Every flag is validated before the first worker starts.
    const options = benchOptionsFromArgv(argv);
    // Started by an MPI launcher: every rank measures, rank 0 alone reports (the others' errors
    // still reach stderr, named by rank, through bin.ts).
    const ranks = mpiLaunch() ? mpiBenchRanks() : undefined;
    const silent = ranks !== undefined && ranks.rank > 0;
    await runBench(
      options,
      {
        stdout: silent ? discard() : process.stdout,
        stderr: silent ? discard() : process.stderr,
        stdoutHealth: guardStream(process.stdout),
      },
      undefined,
      ranks,
    );
  },
};

/** A stream that drops what is written (the output of ranks other than 0). */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
