/** Values read from a file, shown in one-line error messages without letting the file flood them. */

/** Longest rendering of a value from the file in a message: hostile headers must not flood it. */
const PREVIEW_CHARS = 60;

/**
 * `value` as JSON for a one-line message, cut to PREVIEW_CHARS. Never throws: a header can nest
 * arrays deeper than JSON.stringify can recurse, and a name can be megabytes long.
 */
export function preview(value: unknown): string {
  if (typeof value === 'string') {
    const shown = JSON.stringify(value.length > PREVIEW_CHARS ? value.slice(0, PREVIEW_CHARS) : value);
    const text = value.length > PREVIEW_CHARS ? `${shown.slice(0, -1)}…"` : shown;
    // Escapes (\u0001) can make the quoted text several times longer than the characters shown.
    return text.length > 2 * PREVIEW_CHARS ? `${text.slice(0, 2 * PREVIEW_CHARS)}…` : text;
  }
  // Every element takes at least one character, so the first PREVIEW_CHARS elements are enough.
  const shown = Array.isArray(value) && value.length > PREVIEW_CHARS ? value.slice(0, PREVIEW_CHARS) : value;
  let text: string;
  try {
    text = JSON.stringify(shown) ?? String(shown);
  } catch {
    text = Array.isArray(shown) ? '[…]' : '{…}'; // nested too deeply to render
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
