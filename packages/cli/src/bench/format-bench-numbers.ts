/** Number formats of the bench's human-readable outputs (JSON and CSV keep full precision). */

import { formatCount } from '../output/format-numbers.js';

/** samples/s: whole numbers with thousands separators (`12,345`). */
export function formatSamplesPerSecond(value: number): string {
  return Number.isFinite(value) ? formatCount(Math.round(value)) : '-';
}

/** Three significant digits with a k/M/G suffix: `987`, `12.3k`, `1.05M`. */
export function formatCompact(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, suffix] of units) {
    if (Math.abs(value) >= scale * 0.9995) return `${(value / scale).toPrecision(3)}${suffix}`;
  }
  return Math.abs(value) >= 100 ? String(Math.round(value)) : value.toPrecision(3);
}

/** `1.93×`. */
export function formatSpeedup(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '-';
}

/** `96%`. */
export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : '-';
}

/** Milliseconds per step: three significant digits, at least three decimals below 1 ms. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toPrecision(3);
  return value.toFixed(3);
}
