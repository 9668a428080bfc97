import ndarray, { type NdArray } from 'ndarray';
import type { FloatArray } from '../dtype.js';
import type { Mlp } from './mlp.js';

/** Layer `l`'s weights as an [inputs, outputs] view over the flat buffer (no copy). */
export function weightView(mlp: Mlp, buffer: FloatArray, l: number): NdArray<FloatArray> {
  const layer = layerAt(mlp, l);
  return ndarray(buffer, [layer.inputs, layer.outputs], [layer.outputs, 1], layer.weightOffset);
}

/** Layer `l`'s bias as an [outputs] view over the flat buffer (no copy). */
export function biasView(mlp: Mlp, buffer: FloatArray, l: number): NdArray<FloatArray> {
  const layer = layerAt(mlp, l);
  return ndarray(buffer, [layer.outputs], [1], layer.biasOffset);
}

function layerAt(mlp: Mlp, l: number) {
  const layer = mlp.layout.layers[l];
  if (!layer) throw new Error(`layer ${l} does not exist (the network has ${mlp.layout.layers.length})`);
  return layer;
}
