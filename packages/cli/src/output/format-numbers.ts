/** Number formats shared by the human-readable outputs (JSON keeps full precision instead). */

/** Losses and accuracies: four decimals, enough to see progress without noise. */
export function formatMetric(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return Math.abs(value) >= 1e6 ? value.toExponential(3) : value.toFixed(4);
}

/** Learning rates: four significant digits, trailing zeros dropped (`0.01`, `0.006667`, `1e-5`). */
export function formatLr(lr: number): string {
  return String(Number(lr.toPrecision(4)));
}

/** Throughput: whole numbers, one decimal when tiny. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '-';
  return perSecond < 10 ? perSecond.toFixed(1) : String(Math.round(perSecond));
}

/** Durations: `0.41s`, `12.3s`, `2m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  if (seconds < 10) return `${seconds.toFixed(2)}s`;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)}m${pad2(whole % 60)}s`;
  return `${Math.floor(whole / 3600)}h${pad2(Math.floor((whole % 3600) / 60))}m`;
}

/** Counts with thousands separators: `12,345`. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
