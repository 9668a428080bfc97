/**
 * Floating-point operations of one training row: per layer 2·in·out forward and 2·in·out for dW,
 * plus 2·in·out for the input gradient dX above the first layer (nothing needs the data's).
 */
export function trainingFlopsPerRow(sizes: readonly number[]): number {
  let flops = 0;
  for (let l = 0; l + 1 < sizes.length; l++) flops += (l === 0 ? 4 : 6) * sizes[l]! * sizes[l + 1]!;
  return flops;
}
