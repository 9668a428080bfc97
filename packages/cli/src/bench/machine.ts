/** The machine a bench ran on: CPU model, cores, Node version and the float type measured. */

import { arch, availableParallelism, cpus, platform } from 'node:os';
import type { DType } from '@shardwise/core';
import { type NativeBlasInfo, nativeKernelsInfo } from '@shardwise/worker';
import type { MachineInfo } from './bench-types.js';

export function machineInfo(dtype: DType, native = false): MachineInfo {
  const model = cpus()[0]?.model.trim().replace(/\s+/g, ' ');
  const blas = native ? nativeKernelsInfo() : null;
  return {
    cpu: model || 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
    platform: platform(),
    arch: arch(),
    dtype,
    ...(blas && { blas: describeBlas(blas) }),
  };
}

/** `OpenBLAS 0.3.21, Haswell kernels` from what the native addon reports of its library. */
function describeBlas(blas: NativeBlasInfo): string {
  const version = blas.vendor === 'OpenBLAS' ? blas.config?.split(' ')[1] : blas.config;
  return [`${blas.vendor}${version ? ` ${version}` : ''}`, blas.corename && `${blas.corename} kernels`]
    .filter(Boolean)
    .join(', ');
}

/** `AMD EPYC, 2 cores, Node v20.20.2, f32`. */
export function describeMachine(machine: MachineInfo): string {
  const cores = `${machine.cores} core${machine.cores === 1 ? '' : 's'}`;
  const blas = machine.blas ? `, ${machine.blas}` : '';
  return `${machine.cpu}, ${cores}, Node ${machine.node}, ${machine.dtype}${blas}`;
}
