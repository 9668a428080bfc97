/**
 * How the ranks of an MPI job combine a step's gradients (the `mpiCombine` option, `--mpi-combine`):
 * 'ordered' gathers every shard's gradient on every rank and sums them in shard order (the same
 * result for every layout with the same shards); 'allreduce' sums each rank's shards locally, then
 * one MPI_Allreduce of one gradient (less traffic, but the result depends on the layout).
 */
export type MpiCombine = 'ordered' | 'allreduce';

/** Every {@link MpiCombine}, the default first. */
export const MPI_COMBINES = ['ordered', 'allreduce'] as const satisfies readonly MpiCombine[];
