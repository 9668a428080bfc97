/**
 * "Did you mean …?" for a mistyped option or flag name: the known name closest to what was typed,
 * by spelling (edit distance), by a missing or extra suffix (`epoch` → `epochs`), by case and
 * separators (`batch_size` → `batchSize`) or by initials (`learningRate` → `lr`).
 */

/** The known name `typed` most likely meant, or undefined when none is close. */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  const wanted = normalise(typed);
  if (wanted.length === 0) return undefined;
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const score = distanceBetween(wanted, typed, name);
    if (score < bestScore) {
      best = name;
      bestScore = score;
    }
  }
  return best;
}

/** Lower case without separators: `batch-size`, `batch_size` and `batchSize` are one name. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** First letter and every capital or letter after a separator: `learningRate` → `lr`. */
function initials(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[-_\s]+/);
  return words
    .filter(Boolean)
    .map((word) => word[0]!.toLowerCase())
    .join('');
}

/** How far apart the names are (lower is closer); infinite when they are not plausibly one. */
function distanceBetween(wanted: string, typed: string, name: string): number {
  const candidate = normalise(name);
  if (candidate === wanted) return 0;
  const typedInitials = initials(typed);
  if (typedInitials.length >= 2 && typedInitials === candidate) return 1;
  // A prefix of at least 4 letters: `epoch` for `epochs`, `batch` for `batchSize`.
  const shorter = Math.min(candidate.length, wanted.length);
  if (shorter >= 4 && (candidate.startsWith(wanted) || wanted.startsWith(candidate))) return 1.5;
  const edits = editDistance(wanted, candidate);
  // One slip in a short name, up to a third of the letters in a longer one.
  const allowed = Math.max(1, Math.floor(Math.max(wanted.length, candidate.length) / 3));
  return edits <= allowed ? 1 + edits : Number.POSITIVE_INFINITY;
}

/** Levenshtein distance, with a swap of two neighbouring letters counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1]!;
}
