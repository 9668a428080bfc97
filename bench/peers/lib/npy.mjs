// Minimal .npy (format 1.0) writer for the arrays handed to numpy_mlp.py.
import { writeFileSync } from 'node:fs';

const DESCR = new Map([
  [Float32Array, '<f4'],
  [Float64Array, '<f8'],
  [Int32Array, '<i4'],
]);

/** Writes a typed array as a 1-D .npy file (little-endian, as every supported machine is). */
export function writeNpy(path, array) {
  const descr = DESCR.get(array.constructor);
  if (!descr) throw new Error(`writeNpy: unsupported array ${array.constructor.name}`);
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${array.length},), }`;
  // Magic (6) + version (2) + length (2) + header + newline, padded to a multiple of 64.
  const unpadded = 10 + header.length + 1;
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  const body = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'), body]));
}
