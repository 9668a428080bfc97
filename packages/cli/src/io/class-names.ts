/**
 * Class labels given as names (`cat`, `dog`) rather than indices: the name ↔ index mapping, as
 * scikit-learn's `LabelEncoder` builds it: the sorted distinct names, index i for the i-th.
 * Names are sorted by Unicode code point (numpy's order for strings), so the mapping depends only
 * on which names occur, never on their order in the file.
 *
 * While a file streams in, each name gets a provisional id in order of first appearance (one map
 * lookup per cell, nothing allocated for a name seen before); `finish` sorts the names and
 * renumbers. With a known mapping (a checkpoint's) the ids are final at once and a name outside
 * it is refused.
 */

/** Most distinct class names a label column may hold. */
export const MAX_CLASS_NAMES = 10_000;
/** Longest class name, in UTF-16 code units. */
export const MAX_CLASS_NAME_CHARS = 256;

/** `idOf`'s answer for a name outside a known mapping. */
export const UNKNOWN_NAME = -1;
/** `idOf`'s answer for a name longer than {@link MAX_CLASS_NAME_CHARS}. */
export const NAME_TOO_LONG = -2;
/** `idOf`'s answer for one distinct name more than {@link MAX_CLASS_NAMES}. */
export const TOO_MANY_NAMES = -3;

/** Interns the class names of a label column. */
export class ClassNameEncoder {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** `known`: a fixed mapping (index i is `known[i]`), as a checkpoint saved it. */
  constructor(private readonly known: readonly string[] | null = null) {
    if (known === null) return;
    known.forEach((name, index) => {
      this.ids.set(name, index);
    });
  }

  /** Distinct names seen (or known). */
  get size(): number {
    return this.known === null ? this.names.length : this.known.length;
  }

  /** The id of `name` (provisional while learning), or one of the negative answers above. */
  idOf(name: string): number {
    const id = this.ids.get(name);
    if (id !== undefined) return id;
    if (this.known !== null) return UNKNOWN_NAME;
    if (name.length > MAX_CLASS_NAME_CHARS) return NAME_TOO_LONG;
    if (this.names.length >= MAX_CLASS_NAMES) return TOO_MANY_NAMES;
    this.ids.set(name, this.names.length);
    this.names.push(name);
    return this.names.length - 1;
  }

  /**
   * The final names (sorted, or the known mapping) and `renumber`, which takes each provisional
   * id to its final index (identity for a known mapping).
   */
  finish(): { names: string[]; renumber: Int32Array } {
    if (this.known !== null) {
      return { names: [...this.known], renumber: Int32Array.from(this.known, (_, index) => index) };
    }
    const sorted = [...this.names].sort(compareCodePoints);
    const renumber = new Int32Array(this.names.length);
    sorted.forEach((name, index) => {
      renumber[this.ids.get(name)!] = index;
    });
    return { names: sorted, renumber };
  }
}

/** Orders strings by Unicode code point (JavaScript's `<` compares UTF-16 code units instead). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++; // both are the same astral character: skip its second half
  }
  return a.length - b.length;
}

/**
 * Why `names` cannot be a model's class names (unique, non-empty, short, and `outputs` of them),
 * or null when they can. Used on names read back from a checkpoint, which are untrusted.
 */
export function classNamesProblem(names: unknown, outputs: number): string | null {
  if (!Array.isArray(names)) return 'is not a list of names';
  if (names.length !== outputs) return `has ${names.length} names for ${outputs} outputs`;
  if (names.length > MAX_CLASS_NAMES) return `has more than ${MAX_CLASS_NAMES} names`;
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== 'string') return 'holds something that is not a name';
    if (name.length === 0) return 'holds an empty name';
    if (name.length > MAX_CLASS_NAME_CHARS)
      return `holds a name longer than ${MAX_CLASS_NAME_CHARS} characters`;
    if (seen.has(name)) return 'names a class twice';
    seen.add(name);
  }
  return null;
}
