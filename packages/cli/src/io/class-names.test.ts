import { describe, expect, it } from 'vitest';
import {
  ClassNameEncoder,
  classNamesProblem,
  compareCodePoints,
  MAX_CLASS_NAME_CHARS,
  MAX_CLASS_NAMES,
  NAME_TOO_LONG,
  TOO_MANY_NAMES,
  UNKNOWN_NAME,
} from './class-names.js';

/** The final index of each name of `column`, as LabelEncoder().fit_transform would give it. */
function encode(column: readonly string[]): { names: string[]; indices: number[] } {
  const encoder = new ClassNameEncoder();
  const provisional = column.map((name) => encoder.idOf(name));
  const { names, renumber } = encoder.finish();
  return { names, indices: provisional.map((id) => renumber[id]!) };
}

describe('ClassNameEncoder', () => {
  it('numbers the sorted distinct names, as sklearn LabelEncoder does', () => {
    // LabelEncoder().fit(['dog', 'cat', 'dog', 'bird']).classes_ == ['bird', 'cat', 'dog']
    expect(encode(['dog', 'cat', 'dog', 'bird'])).toEqual({
      names: ['bird', 'cat', 'dog'],
      indices: [2, 1, 2, 0],
    });
  });

  it('gives the same mapping whatever order the rows come in', () => {
    const a = encode(['b', 'a', 'c', 'a']);
    const b = encode(['c', 'a', 'b']);
    expect(a.names).toEqual(b.names);
  });

  it('sorts by code point: capitals before lower case, astral characters last', () => {
    expect(encode(['b', 'B', 'a', '\u{1F600}', '\uFF21']).names).toEqual([
      'B',
      'a',
      'b',
      '\uFF21',
      '\u{1F600}',
    ]);
    // UTF-16 code units would put the emoji (a surrogate pair, 0xD83D…) before U+FF21.
    expect(compareCodePoints('\u{1F600}', '\uFF21')).toBeGreaterThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
  });

  it('with a known mapping, keeps its order and refuses other names', () => {
    const encoder = new ClassNameEncoder(['zebra', 'ant']);
    expect(encoder.idOf('ant')).toBe(1);
    expect(encoder.idOf('bee')).toBe(UNKNOWN_NAME);
    expect(encoder.finish().names).toEqual(['zebra', 'ant']);
  });

  it('refuses an overlong name and one name too many', () => {
    const encoder = new ClassNameEncoder();
    expect(encoder.idOf('x'.repeat(MAX_CLASS_NAME_CHARS + 1))).toBe(NAME_TOO_LONG);
    expect(encoder.idOf('x'.repeat(MAX_CLASS_NAME_CHARS))).toBe(0);
    for (let i = 1; i < MAX_CLASS_NAMES; i++) encoder.idOf(`c${i}`);
    expect(encoder.size).toBe(MAX_CLASS_NAMES);
    expect(encoder.idOf('one-more')).toBe(TOO_MANY_NAMES);
    expect(encoder.idOf('c7')).toBe(7); // names already seen still resolve
  });
});

describe('classNamesProblem', () => {
  it('accepts unique names, one per output', () => {
    expect(classNamesProblem(['cat', 'dog'], 2)).toBeNull();
  });

  it('says what is wrong with a bad list', () => {
    expect(classNamesProblem(['cat'], 2)).toBe('has 1 names for 2 outputs');
    expect(classNamesProblem(['cat', 'cat'], 2)).toBe('names a class twice');
    expect(classNamesProblem(['cat', ''], 2)).toBe('holds an empty name');
    expect(classNamesProblem(['cat', 3], 2)).toBe('holds something that is not a name');
    expect(classNamesProblem(['cat', 'x'.repeat(MAX_CLASS_NAME_CHARS + 1)], 2)).toContain('longer than');
    expect(classNamesProblem('cat,dog', 2)).toBe('is not a list of names');
  });
});
