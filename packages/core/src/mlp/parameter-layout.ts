/**
 * Where each layer lives in the ONE flat parameter vector. Layer by layer: the weights `W` as
 * [inputs][outputs] row-major (so activations are `X·W + b`), then the bias `b` [outputs].
 * Gradients and optimizer state use the same layout, so any slice [from, to) of them lines up.
 */
export interface LayerLayout {
  /** The layer's input width (rows of `W`). */
  readonly inputs: number;
  /** The layer's output width (columns of `W`, length of `b`). */
  readonly outputs: number;
  /** Index of `W[0][0]` in the flat vector; `W` takes inputs × outputs elements. */
  readonly weightOffset: number;
  /** Index of `b[0]` in the flat vector, right after `W`. */
  readonly biasOffset: number;
}

/** The layout of a whole network's flat parameter vector. */
export interface ParameterLayout {
  /** One entry per layer, input side first, packed back to back. */
  readonly layers: readonly LayerLayout[];
  /** Total number of parameters. */
  readonly count: number;
}

/** The layout for layer widths `sizes` (`[inputs, hidden…, outputs]`). */
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
