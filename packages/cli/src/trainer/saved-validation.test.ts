import { describe, expect, it } from 'vitest';
import { CheckpointError, UsageError } from '../errors.js';
import { LIBRARY_NAMING } from './option-naming.js';
import { resolveTrainOptions } from './resolve-options.js';
import { resumedValidation, savedSplitMethod, validationSettingsOf } from './saved-validation.js';

describe('saved validation settings', () => {
  it('records the split method with a split, and valData as absolute and checkpoint-relative paths', () => {
    const split = resolveTrainOptions({ valSplit: 0.2 });
    expect(validationSettingsOf(split, 'stratified', '/runs/a/m.safetensors')).toEqual({
      valSplitMethod: 'stratified',
    });
    const file = resolveTrainOptions({ data: '/data/train.csv', valData: '/data/val.csv' });
    expect(validationSettingsOf(file, null, '/runs/a/m.safetensors')).toEqual({
      valData: '/data/val.csv',
      valDataRelativeToCheckpoint: '../../data/val.csv',
    });
    const arrays = resolveTrainOptions({ valData: { x: [1], features: 1, labels: [0] } });
    expect(validationSettingsOf(arrays, null, 'm.safetensors')).toEqual({ valData: 'arrays' });
  });

  it('reads a checkpoint without a split method (older versions) as a random split', () => {
    expect(savedSplitMethod({ valSplit: 0.2 }, 'm.safetensors')).toBe('random');
    expect(savedSplitMethod({ valSplitMethod: 'stratified' }, 'm.safetensors')).toBe('stratified');
    expect(() => savedSplitMethod({ valSplitMethod: 'by-date' }, 'm.safetensors')).toThrow(CheckpointError);
  });

  it('lets a given valSplit replace a saved valData, and asks for arrays again', () => {
    const notices: string[] = [];
    const saved = { valData: 'arrays', valSplit: 0 };
    const merged = resumedValidation(saved, { valSplit: 0.1 }, { valSplit: 0.1 }, 'm', LIBRARY_NAMING, (m) =>
      notices.push(m),
    );
    expect(merged).toEqual({ valSplit: 0.1 });
    expect(notices).toEqual(['resuming with valSplit 0.1 (checkpoint: valData arrays)']);
    expect(() => resumedValidation(saved, {}, {}, 'm', LIBRARY_NAMING, () => {})).toThrow(UsageError);
  });

  it('lets a given valData replace a saved valSplit', () => {
    const notices: string[] = [];
    const merged = resumedValidation(
      { valSplit: 0.2 },
      { valSplit: 0.2, valData: 'v.csv' },
      { valData: 'v.csv' },
      'm',
      LIBRARY_NAMING,
      (m) => notices.push(m),
    );
    expect(merged).toEqual({ valData: 'v.csv' });
    expect(notices).toEqual(['resuming with valData v.csv (checkpoint: valSplit 0.2)']);
  });
});
