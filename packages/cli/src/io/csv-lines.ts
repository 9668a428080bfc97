/**
 * Splits text arriving in chunks into lines (LF or CRLF), so a large file never has to be
 * held as one string. Both the streaming reader and the in-memory parser feed text through it.
 */

/** A line longer than this is almost surely not CSV (a binary file, or bare-CR line endings). */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

export type LineHandler = (line: string, lineNumber: number) => void;

export class LineSplitter {
  private pending = '';
  private lineNumber = 0;

  constructor(
    private readonly onLine: LineHandler,
    private readonly onOverlongLine: (lineNumber: number) => never,
  ) {}

  /** Feeds the next piece of text; complete lines are handed to `onLine` at once. */
  push(text: string): void {
    const firstBreak = text.indexOf('\n');
    if (firstBreak === -1) {
      // No line ends here: append without scanning the pending text again (no quadratic rescans).
      this.pending += text;
      if (this.pending.length > MAX_LINE_CHARS) this.onOverlongLine(this.lineNumber + 1);
      return;
    }
    this.emit(this.pending + text.slice(0, firstBreak));
    this.pending = '';
    let start = firstBreak + 1;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      this.emit(text.slice(start, end));
      start = end + 1;
    }
    this.pending = text.slice(start);
  }

  /** Flushes a last line that has no trailing newline. */
  end(): void {
    if (this.pending.length > 0) this.emit(this.pending);
    this.pending = '';
  }

  private emit(line: string): void {
    this.lineNumber += 1;
    if (line.length > MAX_LINE_CHARS) this.onOverlongLine(this.lineNumber);
    const withoutCr = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    this.onLine(withoutCr, this.lineNumber);
  }
}
