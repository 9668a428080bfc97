/**
 * Where each layer lives in the ONE flat parameter vector. Layer by layer: the weights `W` as
 * [inputs][outputs] row-major (so activations are `X·W + b`), then the bias `b` [outputs].
 * Gradients and optimizer state use the same layout, so any slice [from, to) of them lines up.
 */
export interface LayerLayout {
  readonly inputs: number;
  readonly outputs: number;
  readonly weightOffset: number;
  readonly biasOffset: number;
}

export interface ParameterLayout {
  readonly layers: readonly LayerLayout[];
  /** Total number of parameters. */
  readonly count: number;
}

export function parameterLayout(sizes: readonly number[]): ParameterLayout {
  const layers: LayerLayout[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l]!;
    const outputs = sizes[l + 1]!;
    layers.push({ inputs, outputs, weightOffset: offset, biasOffset: offset + inputs * outputs });
    offset += inputs * outputs + outputs;
  }
  return { layers, count: offset };
}
