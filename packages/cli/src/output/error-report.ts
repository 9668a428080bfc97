/**
 * How the CLI reports a failure on stderr: user errors as one line (plus a `hint:` line when
 * there is one), anything else as an internal error; stacks only when SHARDWISE_DEBUG=1.
 */

import { ShardwiseError } from '../errors.js';

/** Collapses a message onto one line: reports must not spill over several. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}

/** The text to print on stderr for `error`, ending with a newline. */
export function formatErrorReport(error: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (error instanceof ShardwiseError) {
    lines.push(`shardwise: ${oneLine(error.message)}`);
    if (error.hint) lines.push(`hint: ${oneLine(error.hint)}`);
  } else {
    lines.push(`shardwise: internal error: ${oneLine(messageOf(error))}`);
  }
  if (debug) lines.push(...debugDetails(error));
  return `${lines.join('\n')}\n`;
}

/** Stack and cause chain, for bug reports. */
function debugDetails(error: unknown): string[] {
  const details: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (depth > 0) details.push(`caused by: ${messageOf(current)}`);
    if (current instanceof Error && current.stack) details.push(current.stack);
    current = current instanceof Error ? current.cause : undefined;
  }
  return details;
}

export function isDebugEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.SHARDWISE_DEBUG === '1';
}
