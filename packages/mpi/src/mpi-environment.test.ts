// mpiLaunch reads the rank and size each launcher gives a process (OpenMPI, MPICH's Hydra and
// Slurm's PMI-2, PMIx under Slurm, MVAPICH2, a plain srun step) and nothing else; and
// withoutMpiEnvironment leaves a child nothing that makes it look launched, keeping the rest.
import { describe, expect, it } from 'vitest';
import { mpiLaunch, withoutMpiEnvironment } from './mpi-environment.js';

/** Variables as each launcher sets them for rank 2 of 4 (trimmed to the relevant ones, values as seen in real jobs). */
const LAUNCHED: Record<string, NodeJS.ProcessEnv> = {
  'OpenMPI mpirun': {
    OMPI_COMM_WORLD_RANK: '2',
    OMPI_COMM_WORLD_SIZE: '4',
    OMPI_COMM_WORLD_LOCAL_RANK: '0',
    OMPI_MCA_ess: '^singleton',
    OMPI_MCA_orte_hnp_uri: '123.0;tcp://10.0.0.1:4000',
    PMIX_RANK: '2',
    PMIX_NAMESPACE: '123,1',
    PMIX_SERVER_URI3: 'pmix-server.1;tcp4://127.0.0.1:5000',
  },
  'MPICH Hydra mpiexec': {
    PMI_RANK: '2',
    PMI_SIZE: '4',
    PMI_FD: '7',
    MPI_LOCALRANKID: '0',
    MPI_LOCALNRANKS: '2',
  },
  'Slurm srun --mpi=pmi2': {
    PMI_RANK: '2',
    PMI_SIZE: '4',
    PMI_FD: '9',
    SLURM_PROCID: '2',
    SLURM_STEP_ID: '0',
    SLURM_STEP_NUM_TASKS: '4',
  },
  'Slurm srun --mpi=pmix': {
    PMIX_RANK: '2',
    PMIX_NAMESPACE: 'slurm.pmix.77.0',
    SLURM_PROCID: '2',
    SLURM_STEP_ID: '0',
    SLURM_STEP_NUM_TASKS: '4',
    SLURM_NTASKS: '4',
  },
  'PMIx without a Slurm step size (SLURM_NTASKS only)': { PMIX_RANK: '2', SLURM_NTASKS: '4' },
  'MVAPICH2 mpirun_rsh': {
    MV2_COMM_WORLD_RANK: '2',
    MV2_COMM_WORLD_SIZE: '4',
    MV2_COMM_WORLD_LOCAL_RANK: '0',
  },
  'Slurm srun without an MPI plugin': { SLURM_PROCID: '2', SLURM_STEPID: '0', SLURM_STEP_NUM_TASKS: '4' },
};

const USER = {
  PATH: '/usr/bin',
  HOME: '/home/u',
  SHARDWISE_DEBUG: '1',
  SLURM_JOB_ID: '77',
  SLURM_NTASKS: '4',
};

describe('mpiLaunch', () => {
  it.each(Object.entries(LAUNCHED))('reads rank 2 of 4 from %s', (_launcher, env) => {
    expect(mpiLaunch({ ...USER, ...env })).toEqual({ rank: 2, size: 4 });
  });

  it('is null outside a launcher, and in a Slurm batch script (SLURM_PROCID=0 but no step)', () => {
    expect(mpiLaunch({ PATH: '/usr/bin' })).toBeNull();
    expect(mpiLaunch({ ...USER, SLURM_PROCID: '0', SLURM_NTASKS: '4', SLURM_JOB_ID: '77' })).toBeNull();
  });

  it('reads a single-rank launch', () => {
    expect(mpiLaunch({ OMPI_COMM_WORLD_RANK: '0', OMPI_COMM_WORLD_SIZE: '1' })).toEqual({ rank: 0, size: 1 });
  });

  it('ignores malformed values and a rank outside the size, trying the next launcher', () => {
    for (const [rank, size] of [
      ['x', '4'],
      ['2', ''],
      ['-1', '4'],
      ['4', '4'],
      ['1.5', '4'],
      ['0', '0'],
      ['2', '1e3'],
    ]) {
      expect(
        mpiLaunch({ OMPI_COMM_WORLD_RANK: rank, OMPI_COMM_WORLD_SIZE: size }),
        `${rank}/${size}`,
      ).toBeNull();
    }
    expect(mpiLaunch({ OMPI_COMM_WORLD_RANK: 'x', PMI_RANK: '1', PMI_SIZE: '2' })).toEqual({
      rank: 1,
      size: 2,
    });
  });

  it('reads process.env by default', () => {
    expect(mpiLaunch()).toEqual(mpiLaunch(process.env));
  });
});

describe('withoutMpiEnvironment', () => {
  it.each(Object.entries(LAUNCHED))(
    'leaves a child of %s unlaunched, keeping the other variables',
    (_launcher, env) => {
      const child = withoutMpiEnvironment({ ...USER, ...env });
      expect(mpiLaunch(child)).toBeNull();
      expect(child).toEqual(USER);
    },
  );

  it('returns a new object and leaves its argument alone', () => {
    const env = { ...USER, OMPI_COMM_WORLD_RANK: '0', OMPI_COMM_WORLD_SIZE: '2' };
    const child = withoutMpiEnvironment(env);
    expect(child).not.toBe(env);
    expect(env.OMPI_COMM_WORLD_RANK).toBe('0');
  });
});
