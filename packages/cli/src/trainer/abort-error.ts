/** The error an aborted run rejects with: `name` is 'AbortError', and the signal's reason is its cause. */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('training was aborted', { cause: reason });
  error.name = 'AbortError';
  return error;
}
