// How a process tells that an MPI launcher started it, and the environment for its children:
// pure functions of the environment, without loading the addon (a child that inherits OMPI_*
// and initialises MPI aborts, and a child that reads a launcher's rank would act as a rank).

/** Where a launcher writes a rank and the size of the job: tried in order, the first complete pair wins. */
const LAUNCHER_VARIABLES: readonly {
  readonly rank: string;
  readonly size: readonly string[];
  readonly when?: readonly string[];
}[] = [
  // OpenMPI's mpirun/mpiexec (ORTE in 4.x, PRRTE in 5.x).
  { rank: 'OMPI_COMM_WORLD_RANK', size: ['OMPI_COMM_WORLD_SIZE'] },
  // MPICH's Hydra (mpiexec.hydra, mpirun.mpich), Intel MPI, Slurm's --mpi=pmi2.
  { rank: 'PMI_RANK', size: ['PMI_SIZE'] },
  // PMIx (Slurm's --mpi=pmix): PMIx itself exports no size, Slurm's step does.
  { rank: 'PMIX_RANK', size: ['SLURM_STEP_NUM_TASKS', 'SLURM_NTASKS'] },
  // MVAPICH2's mpirun_rsh.
  { rank: 'MV2_COMM_WORLD_RANK', size: ['MV2_COMM_WORLD_SIZE'] },
  // A task of a Slurm step (srun), whatever its --mpi plugin; never the batch script itself,
  // which has SLURM_PROCID=0 too but no step id.
  { rank: 'SLURM_PROCID', size: ['SLURM_STEP_NUM_TASKS'], when: ['SLURM_STEP_ID', 'SLURM_STEPID'] },
];

/** Prefixes of the variables launchers set per process (OMPI_ includes OpenMPI's OMPI_MCA_* for the job). */
const LAUNCHER_PREFIXES = [
  'OMPI_',
  'PMIX_',
  'PMI_',
  'PRTE_',
  'HYDRA_',
  'HYDI_',
  'MV2_COMM_WORLD_',
  'SLURM_STEP_',
];
/** Single per-process variables of the launchers (Hydra's local ranks, Slurm's task ids). */
const LAUNCHER_NAMES = new Set([
  'MPI_LOCALRANKID',
  'MPI_LOCALNRANKS',
  'SLURM_PROCID',
  'SLURM_LOCALID',
  'SLURM_STEPID',
]);

/** Environment variables, as `process.env` holds them (structural, so the types need no Node typings). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A non-negative decimal integer, or null for anything else (values from the environment are untrusted). */
function count(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** The rank and size an MPI launcher (mpirun/mpiexec of OpenMPI or MPICH, Slurm's srun) gave this process, read from its environment (OMPI_COMM_WORLD_RANK/SIZE, PMI_RANK/PMI_SIZE, PMIX_RANK...), or null when not started by one. Pure: does not load the addon. */
export function mpiLaunch(
  env: Environment = process.env,
): { readonly rank: number; readonly size: number } | null {
  for (const source of LAUNCHER_VARIABLES) {
    if (source.when && !source.when.some((name) => env[name] !== undefined)) continue;
    const rank = count(env[source.rank]);
    const size = source.size.map((name) => count(env[name])).find((value) => value !== null) ?? null;
    if (rank !== null && size !== null && size >= 1 && rank < size) return { rank, size };
  }
  return null;
}

/** The environment for a child process with every MPI launcher variable removed (a child that inherits OMPI_* and initialises MPI aborts). */
export function withoutMpiEnvironment(env: Environment): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) {
    if (LAUNCHER_NAMES.has(name) || LAUNCHER_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    out[name] = value;
  }
  return out;
}
