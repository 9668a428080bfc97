// The kernels a process runs are compiled once and shared, and are the relaxed build exactly where
// this runtime validates it (by default from Node 22; this file sets no V8 flag).
import { describe, expect, it } from 'vitest';
import { compileKernelModule, processKernels } from './kernel-module.js';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

describe('processKernels', () => {
  it('compiles once: every call returns the same module', () => {
    const first = processKernels();
    expect(first).not.toBeNull();
    expect(processKernels()).toBe(first);
    expect(processKernels()?.module).toBe(first?.module);
  });

  it('is the relaxed build where it validates, plain SIMD otherwise', () => {
    const relaxedValidates = compileKernelModule('relaxed') !== null;
    expect(relaxedValidates).toBe(NODE_MAJOR >= 22);
    expect(processKernels()?.variant).toBe(relaxedValidates ? 'relaxed' : 'simd');
  });
});
