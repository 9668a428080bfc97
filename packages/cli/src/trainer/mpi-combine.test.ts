// The `mpiCombine` option off MPI: checked like every choice, and saved in a checkpoint's run
// settings only where it changed the result (an MPI run with 'allreduce'), so a resume combines the
// same way; a saved value is untrusted input. (Under mpirun: test/mpi/mpi-allreduce.test.ts.)
import { describe, expect, it } from 'vitest';
import { CheckpointError, UsageError } from '../errors.js';
import { resolveTrainOptions } from './resolve-options.js';
import { runSettingsOf } from './resume-settings.js';
import { savedRunSettings } from './saved-settings.js';

const saved = (options: object) =>
  runSettingsOf(resolveTrainOptions({ dataset: 'moons', ...options }), 2, 'wasm', '/tmp/m.safetensors');

describe('mpiCombine', () => {
  it("defaults to 'ordered' and refuses another value in one line naming it", () => {
    expect(resolveTrainOptions({}).mpiCombine).toBe('ordered');
    expect(() => resolveTrainOptions({ mpiCombine: 'fast' as 'ordered' })).toThrow(UsageError);
    expect(() => resolveTrainOptions({ mpiCombine: 'fast' as 'ordered' })).toThrow(/mpiCombine.*ordered/);
  });

  it("is saved for an MPI run with 'allreduce' only", () => {
    expect(saved({ mpi: true, mpiCombine: 'allreduce' }).mpiCombine).toBe('allreduce');
    expect(saved({ mpi: true, mpiCombine: 'ordered' })).not.toHaveProperty('mpiCombine');
    expect(saved({ mpi: true })).not.toHaveProperty('mpiCombine');
    expect(saved({ mpiCombine: 'allreduce' })).not.toHaveProperty('mpiCombine');
  });

  it('is read back from a checkpoint, and a bad saved value is a CheckpointError naming the file', () => {
    expect(savedRunSettings({ mpiCombine: 'allreduce' }, 'm.safetensors').mpiCombine).toBe('allreduce');
    expect(() => savedRunSettings({ mpiCombine: 'sometimes' }, 'm.safetensors')).toThrow(CheckpointError);
    expect(() => savedRunSettings({ mpiCombine: 'sometimes' }, 'm.safetensors')).toThrow(/m\.safetensors/);
  });
});
