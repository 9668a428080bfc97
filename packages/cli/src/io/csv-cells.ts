/**
 * Splits one CSV line into cells: comma-separated, with RFC 4180 quoted fields (`"1.5"`,
 * `""` for a literal quote). Spaces around a quoted field are tolerated. A quoted field
 * cannot span lines (the file is read line by line, and a numeric cell never needs a line break),
 * so a quote left open at the end of a line is reported as such.
 */

const QUOTE = 34;
const COMMA = 44;
const SPACE = 32;
const TAB = 9;

/** The cells of `line`; `fail` is called with a description of a malformed quote. */
export function splitCsvCells(line: string, fail: (detail: string) => never): string[] {
  // Fast path: numeric rows almost never contain quotes.
  if (line.indexOf('"') === -1) return line.split(',');
  return splitQuotedLine(line, fail);
}

function splitQuotedLine(line: string, fail: (detail: string) => never): string[] {
  const cells: string[] = [];
  const length = line.length;
  let start = 0;
  for (;;) {
    let cursor = skipBlanks(line, start);
    if (line.charCodeAt(cursor) === QUOTE) {
      let value = '';
      cursor += 1;
      for (;;) {
        const quote = line.indexOf('"', cursor);
        if (quote === -1) {
          fail(
            `cell ${cells.length + 1} opens a quote that does not close on this line; a cell cannot hold a line break`,
          );
        }
        value += line.slice(cursor, quote);
        cursor = quote + 1;
        if (line.charCodeAt(cursor) !== QUOTE) break;
        value += '"'; // a doubled quote stands for one quote
        cursor += 1;
      }
      cursor = skipBlanks(line, cursor);
      if (cursor < length && line.charCodeAt(cursor) !== COMMA) {
        fail(`unexpected text after the closing quote of cell ${cells.length + 1}`);
      }
      cells.push(value);
      if (cursor >= length) return cells;
      start = cursor + 1;
    } else {
      const comma = line.indexOf(',', start);
      const end = comma === -1 ? length : comma;
      const field = line.slice(start, end);
      if (field.indexOf('"') !== -1) fail(`stray quote inside unquoted cell ${cells.length + 1}`);
      cells.push(field);
      if (comma === -1) return cells;
      start = comma + 1;
    }
  }
}

function skipBlanks(line: string, index: number): number {
  while (index < line.length) {
    const code = line.charCodeAt(index);
    if (code !== SPACE && code !== TAB) break;
    index += 1;
  }
  return index;
}
