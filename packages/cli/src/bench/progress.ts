/**
 * The progress line on stderr while points are measured: `bench [3/8] mnist, 2 workers: repetition 2/5`,
 * redrawn in place. Only on a terminal; elsewhere (pipes, logs, CI) it writes nothing.
 */

import type { Writable } from 'node:stream';

export interface Progress {
  /** Shows the point being measured (`label`) and where it is (`phase`). */
  update(label: string, phase: string): void;
  /** Counts a point as measured. */
  pointDone(): void;
  /** Erases the line, so stdout output that follows starts clean. */
  clear(): void;
}

const ERASE_LINE = '\r\x1b[2K';

/** The progress text for point `done + 1` of `total`, cut to `columns`. */
export function progressText(
  done: number,
  total: number,
  label: string,
  phase: string,
  columns = 80,
): string {
  const text = `bench [${Math.min(done + 1, total)}/${total}] ${label}: ${phase}`;
  return text.length < columns ? text : `${text.slice(0, Math.max(0, columns - 2))}…`;
}

export function createProgress(
  stream: Writable & { isTTY?: boolean; columns?: number },
  total: number,
): Progress {
  if (stream.isTTY !== true) return { update() {}, pointDone() {}, clear() {} };
  let done = 0;
  let shown = false;
  return {
    update(label, phase) {
      stream.write(`${ERASE_LINE}${progressText(done, total, label, phase, stream.columns || 80)}`);
      shown = true;
    },
    pointDone() {
      done++;
    },
    clear() {
      if (shown) stream.write(ERASE_LINE);
      shown = false;
    },
  };
}
