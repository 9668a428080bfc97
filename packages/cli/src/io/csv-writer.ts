/**
 * Formats numbers for CSV output at full precision: the shortest text that reads back as
 * exactly the same value (float64 via `String`, float32 via the fewest digits that round-trip).
 */

/** One CSV line (no newline) of `values`; a Float32Array is written with float32 precision. */
export function formatCsvRow(values: ArrayLike<number>): string {
  const format = values instanceof Float32Array ? formatFloat32 : String;
  let line = '';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) line += ',';
    line += format(values[index]!);
  }
  return line;
}

/** The shortest decimal that parses back (through float64, as `Number` does) to the float32 `value`. */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const single = Math.fround(value);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return String(candidate);
  }
  // 9 significant digits always identify a float32.
  return String(Number(single.toPrecision(9)));
}

/** `text` as one CSV cell: quoted (with quotes doubled) when it holds a comma, quote or line break, or spaces at an end. */
export function csvField(text: string): string {
  if (!/[",\r\n]|^\s|\s$/.test(text)) return text;
  return `"${text.replace(/"/g, '""')}"`;
}
