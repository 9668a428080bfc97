// A piscina task that does nothing: measures what one pool.run round trip costs, the alternative
// to the engine's Atomics barriers for per-step coordination.
export default function noop(value: number): number {
  return value;
}
