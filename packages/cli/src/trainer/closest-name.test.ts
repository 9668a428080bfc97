import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name.js';

const OPTIONS = [
  'epochs',
  'batchSize',
  'lr',
  'hidden',
  'workers',
  'weightDecay',
  'valSplit',
  'momentum',
  'seed',
];

describe('closestName', () => {
  it.each([
    ['epoch', 'epochs'], // a missing suffix
    ['hiden', 'hidden'], // a dropped letter
    ['wokrers', 'workers'], // two letters swapped
    ['batch_size', 'batchSize'], // separators and case
    ['BATCHSIZE', 'batchSize'],
    ['learningRate', 'lr'], // initials
    ['learning-rate', 'lr'],
    ['weight_decay', 'weightDecay'],
  ])('%s → %s', (typed, expected) => {
    expect(closestName(typed, OPTIONS)).toBe(expected);
  });

  it.each(['zzz', 'color', 'x', ''])('suggests nothing for %j, which is close to no name', (typed) => {
    expect(closestName(typed, OPTIONS)).toBeUndefined();
  });

  it('counts edits as Levenshtein with adjacent swaps', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
