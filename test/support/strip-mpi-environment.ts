// Vitest setup file: removes MPI launcher variables from each test worker's environment before
// any test runs, so that every child a test spawns (the CLI, examples, scripts) starts as a plain
// process even when the test run itself was started inside an MPI job (OMPI_*, PMI_*, PMIX_*,
// a Slurm step): a child that inherits them and initialises MPI aborts, or acts as a rank.
import { withoutMpiEnvironment } from '@shardwise/mpi';

const kept = withoutMpiEnvironment(process.env);
for (const name of Object.keys(process.env)) {
  if (!(name in kept)) delete process.env[name];
}
