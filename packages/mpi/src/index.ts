// The public surface of @shardwise/mpi: the loader of the MPI addon, what it reports, and how a
// process tells that an MPI launcher started it.

export {
  loadMpi,
  MPI_INSTALL_HINT,
  type MpiBinding,
  type MpiInfo,
  type MpiLoad,
} from './load-mpi.js';
export { type Environment, mpiLaunch, withoutMpiEnvironment } from './mpi-environment.js';
