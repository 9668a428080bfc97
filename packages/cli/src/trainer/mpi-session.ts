/**
 * A process's part in an MPI job (the `mpi` training option; the CLI sets it when an MPI launcher
 * started it): MPI is initialised once per process, from the main thread (MPI_THREAD_FUNNELED: the
 * engine's exchange runs there), and ended when the process exits: MPI_Finalize after a clean
 * exit, MPI_Abort after a failure, so that a rank that fails ends the whole job at once instead of
 * leaving the others waiting in a collective.
 */

import { loadMpi, type MpiBinding, type MpiInfo } from '@shardwise/mpi';
import { type GradientExchange, MpiAllreduceExchange, MpiGradientExchange } from '@shardwise/worker';
import { UsageError } from '../errors.js';
import type { MpiCombine } from './mpi-combine.js';

/** The process's MPI, once started. */
interface MpiSession {
  readonly mpi: MpiBinding;
  readonly info: MpiInfo;
}

let session: MpiSession | null = null;

/** Starts MPI in this process (once; later calls return the same), or a UsageError saying what to install. */
export function startMpi(): MpiSession {
  if (session) return session;
  const { mpi, reason } = loadMpi();
  if (!mpi) throw new UsageError(`mpi: ${reason}`);
  let info: MpiInfo;
  try {
    info = mpi.init();
  } catch (error) {
    throw new UsageError(`mpi: MPI did not start: ${(error as Error).message}`);
  }
  session = { mpi, info };
  process.once('exit', (code) => {
    // A clean end, or a stop by Ctrl-C / SIGTERM (130, 143: every rank stopped after the same
    // step): end MPI cleanly. Anything else: this rank failed; end every rank of the job with it.
    if (code === 0 || code === 130 || code === 143) mpi.finalize();
    else mpi.abort(code);
  });
  return session;
}

/** This process's rank when it takes part in an MPI job, else null. */
export function mpiRank(): number | null {
  return session?.info.rank ?? null;
}

/** The gradient exchange across the job's ranks, combining as `combine` says (starting MPI if needed). */
export function mpiExchange(combine: MpiCombine = 'ordered'): GradientExchange {
  const { mpi, info } = startMpi();
  const Exchange = combine === 'allreduce' ? MpiAllreduceExchange : MpiGradientExchange;
  return new Exchange(mpi, info.rank, info.size);
}

/** An error report naming this process's rank under MPI (`shardwise: rank 1: …`), else unchanged. */
export function withMpiRank(report: string): string {
  const rank = mpiRank();
  return rank === null ? report : report.replace(/^shardwise: /, `shardwise: rank ${rank}: `);
}
