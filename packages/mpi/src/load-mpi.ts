import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Which MPI the addon was built against and how it was started. */
export interface MpiInfo {
  /** MPI_Comm_rank(MPI_COMM_WORLD). */
  readonly rank: number;
  /** MPI_Comm_size(MPI_COMM_WORLD). */
  readonly size: number;
  /** The thread level MPI_Init_thread provided (asked: 'funneled'). */
  readonly threadLevel: 'single' | 'funneled' | 'serialized' | 'multiple';
  /** First line of MPI_Get_library_version, e.g. "Open MPI v4.1.4, ..." or "MPICH Version: 4.0.2". */
  readonly library: string;
}

/**
 * The loaded binding. Every call must come from the thread that called init() (MPI_THREAD_FUNNELED);
 * a call from another thread, before init() or after finalize() throws an Error and touches nothing.
 * A failing MPI call throws an Error with MPI's own error string (MPI_ERRORS_RETURN on MPI_COMM_WORLD).
 */
export interface MpiBinding {
  /** MPI_Init_thread(MPI_THREAD_FUNNELED) once (a second call returns the same info); throws with one line if MPI cannot start. */
  init(): MpiInfo;
  /** In place (MPI_IN_PLACE) MPI_Allgatherv over `data` (Float32Array or Float64Array, may view a SharedArrayBuffer or WebAssembly.Memory, zero-copy): rank r's block is counts[r] elements starting at element displs[r] of `data`. Throws a TypeError/RangeError (touching nothing) when counts/displs do not fit `data` or do not have `size` entries. */
  allgatherv(data: Float32Array | Float64Array, counts: Int32Array, displs: Int32Array): void;
  /** In place MPI_Allreduce(MPI_SUM) over the whole view (the fast, order-unspecified combine). */
  allreduceSum(data: Float32Array | Float64Array): void;
  /** MPI_Bcast of the view's bytes from `root`. */
  broadcast(data: ArrayBufferView, root: number): void;
  /** MPI_Barrier(MPI_COMM_WORLD). */
  barrier(): void;
  /** MPI_Abort(MPI_COMM_WORLD, code): ends every rank of the job; does not return. */
  abort(code: number): void;
  /** MPI_Finalize (idempotent; a no-op before init). */
  finalize(): void;
}

/** The addon, or one line saying what is missing and what to install. */
export type MpiLoad =
  | { readonly mpi: MpiBinding; readonly reason?: undefined }
  | { readonly mpi: null; readonly reason: string };

/** What to install so that the install script builds the addon. */
export const MPI_INSTALL_HINT = 'apt-get install libopenmpi-dev openmpi-bin, then reinstall shardwise';

/** The addon the install script builds; SHARDWISE_MPI_ADDON names another (a custom build, or none in tests). */
const ADDON =
  process.env.SHARDWISE_MPI_ADDON || fileURLToPath(new URL('../build/shardwise-mpi.node', import.meta.url));
const BUILD_SCRIPT = fileURLToPath(new URL('../scripts/build-addon.mjs', import.meta.url));

let loaded: MpiLoad | undefined;

/** Loads the addon once per thread (it loads in worker threads too). */
export function loadMpi(): MpiLoad {
  loaded ??= load();
  return loaded;
}

function load(): MpiLoad {
  if (!existsSync(ADDON)) {
    return {
      mpi: null,
      reason: `the MPI addon is not built (no mpicc at install): ${MPI_INSTALL_HINT} (or run node ${BUILD_SCRIPT})`,
    };
  }
  // UCX (MPICH's ch4:ucx, OpenMPI's pml ucx) otherwise replaces Node's SIGSEGV handler when it
  // loads, and every WebAssembly bounds-check trap would crash the rank instead of throwing.
  // Set here, before the library loads; in a worker thread this reaches only that thread's copy
  // of the environment, so load the addon on the main thread first where MPICH uses UCX.
  process.env.UCX_HANDLE_ERRORS ??= 'none';
  try {
    const mpi = createRequire(import.meta.url)(ADDON) as MpiBinding;
    return { mpi };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return { mpi: null, reason: `the MPI addon does not load (${message}): ${MPI_INSTALL_HINT}` };
  }
}
