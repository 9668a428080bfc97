/**
 * `--svg`: a self-contained plot, written by hand (no dependency). Left: speedup over 1 worker
 * against workers, one line per workload, with the ideal (linear) line dashed. Right: median
 * samples/s against workers on a log scale, with min–max whiskers. The title carries the machine.
 */

import type { BenchPoint, BenchSettings, MachineInfo } from './bench-types.js';
import { describeMode } from './format-table.js';
import { describeMachine } from './machine.js';

const WIDTH = 980;
const TOP = 80;
const BOTTOM = 360;
const INSET = 16;
const PANELS = [
  { left: 80, right: 450 },
  { left: 580, right: 950 },
] as const;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** Text made safe for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const fixed = (value: number) => (Math.round(value * 10) / 10).toString();

/** Round tick values covering [0, max]: steps of 1, 2 or 5 × 10^k, at most about 6 of them. */
export function linearTicks(max: number): number[] {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const count = Math.max(1, Math.ceil(max / step - 1e-9));
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** Powers of ten covering [min, max] (at least two). */
export function decadeTicks(min: number, max: number): number[] {
  const low = Math.floor(Math.log10(min));
  const high = Math.max(low + 1, Math.ceil(Math.log10(max)));
  return Array.from({ length: high - low + 1 }, (_, i) => 10 ** (low + i));
}

/** `1`, `100`, `10k`, `1M`: a power of ten with a unit suffix. */
export function formatDecade(value: number): string {
  const suffixes: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, suffix] of suffixes) if (value >= scale) return `${Math.round(value / scale)}${suffix}`;
  return value >= 1 ? String(Math.round(value)) : String(Number(value.toPrecision(3)));
}

interface Series {
  readonly workload: string;
  readonly color: string;
  /** A stroke-dasharray attribute (with its leading space), or '' for a solid line. */
  readonly dash: string;
  readonly points: readonly BenchPoint[];
}

/** Line styles per kernels, in the order the run measured them: solid, then dashed, then dotted. */
const DASHES = ['', ' stroke-dasharray="7 3"', ' stroke-dasharray="2 3"'];

/**
 * One series per workload, or per workload and kernels when the run measured several kernels:
 * a colour per workload, a line style per kernels.
 */
function seriesOf(points: readonly BenchPoint[]): Series[] {
  const workloads = [...new Set(points.map((point) => point.workload))];
  const kernels = [...new Set(points.map((point) => point.kernels))];
  const several = kernels.length > 1;
  const series: Series[] = [];
  workloads.forEach((workload, w) => {
    kernels.forEach((kernel, k) => {
      const own = points
        .filter((point) => point.workload === workload && point.kernels === kernel)
        .sort((a, b) => a.workers - b.workers);
      if (own.length === 0) return;
      series.push({
        workload: several ? `${workload} ${kernel}` : workload,
        color: COLORS[w % COLORS.length]!,
        dash: DASHES[k % DASHES.length]!,
        points: own,
      });
    });
  });
  return series;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${fixed(x)}" y="${fixed(y)}" ${attributes}>${escapeXml(content)}</text>`;
}

function polyline(coordinates: readonly [number, number][], attributes: string): string {
  const list = coordinates.map(([x, y]) => `${fixed(x)},${fixed(y)}`).join(' ');
  return `<polyline ${attributes} points="${list}" fill="none"/>`;
}

export function formatSvg(
  points: readonly BenchPoint[],
  machine: MachineInfo,
  settings: BenchSettings,
): string {
  const series = seriesOf(points);
  const workerCounts = [...new Set(points.map((point) => point.workers))].sort((a, b) => a - b);
  const maxWorkers = Math.max(2, ...workerCounts);
  // Inset by INSET so the first and last points sit clear of the axes.
  const panelX = (panel: (typeof PANELS)[number], workers: number) =>
    panel.left + INSET + ((workers - 1) / (maxWorkers - 1)) * (panel.right - panel.left - 2 * INSET);

  const speedupTicks = linearTicks(
    Math.max(maxWorkers, ...points.map((p) => p.speedup).filter(Number.isFinite)) * 1.05,
  );
  const speedupTop = speedupTicks[speedupTicks.length - 1]!;
  const speedupY = (value: number) => BOTTOM - (value / speedupTop) * (BOTTOM - TOP);

  const rates = points.flatMap((p) => [p.min, p.max, p.samplesPerSecond]).filter((v) => v > 0);
  const rateTicks = decadeTicks(
    rates.length ? Math.min(...rates) : 1,
    rates.length ? Math.max(...rates) : 10,
  );
  const logLow = Math.log10(rateTicks[0]!);
  const logHigh = Math.log10(rateTicks[rateTicks.length - 1]!);
  const rateY = (value: number) =>
    BOTTOM - ((Math.log10(Math.max(value, 10 ** logLow)) - logLow) / (logHigh - logLow)) * (BOTTOM - TOP);

  const entries = [
    ...series.map((s) => ({
      label: `${s.workload} (${s.points[0]?.model ?? ''})`,
      color: s.color,
      dash: s.dash,
    })),
    { label: 'ideal (linear)', color: '#888888', dash: ' stroke-dasharray="6 4"' },
  ];
  const HEIGHT = BOTTOM + 62 + Math.ceil(entries.length / 3) * 18;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ${FONT} font-size="12">`,
  );
  out.push(`<title>${escapeXml(`shardwise bench: ${describeMode(settings.mode)}`)}</title>`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  out.push(
    text(
      WIDTH / 2,
      26,
      `shardwise bench — ${describeMode(settings.mode)}`,
      'text-anchor="middle" font-size="16" font-weight="bold"',
    ),
  );
  out.push(
    text(
      WIDTH / 2,
      46,
      `${describeMachine(machine)} · ${[...new Set(points.map((p) => p.kernels))].join(' and ')} kernels · ${settings.optimizer} · median of ${settings.repetitions} · ${settings.date.slice(0, 10)}`,
      'text-anchor="middle" fill="#555555"',
    ),
  );

  // Axes, grids and labels of both panels.
  const [left, right] = PANELS;
  for (const panel of PANELS) {
    out.push(`<g class="axes" stroke="#333333" stroke-width="1">`);
    out.push(`<line x1="${panel.left}" y1="${BOTTOM}" x2="${panel.right}" y2="${BOTTOM}"/>`);
    out.push(`<line x1="${panel.left}" y1="${TOP}" x2="${panel.left}" y2="${BOTTOM}"/>`);
    out.push('</g>');
    for (const workers of workerCounts) {
      const x = panelX(panel, workers);
      out.push(
        `<line x1="${fixed(x)}" y1="${BOTTOM}" x2="${fixed(x)}" y2="${BOTTOM + 5}" stroke="#333333"/>`,
      );
      out.push(text(x, BOTTOM + 19, String(workers), 'text-anchor="middle"'));
    }
    const axis = settings.ranks === undefined ? 'workers' : `workers per rank (× ${settings.ranks} ranks)`;
    out.push(text((panel.left + panel.right) / 2, BOTTOM + 38, axis, 'text-anchor="middle"'));
  }
  for (const tick of speedupTicks) {
    const y = speedupY(tick);
    out.push(
      `<line x1="${left.left}" y1="${fixed(y)}" x2="${left.right}" y2="${fixed(y)}" stroke="#e5e5e5"/>`,
    );
    out.push(text(left.left - 8, y + 4, String(tick), 'text-anchor="end"'));
  }
  for (const tick of rateTicks) {
    const y = rateY(tick);
    out.push(
      `<line x1="${right.left}" y1="${fixed(y)}" x2="${right.right}" y2="${fixed(y)}" stroke="#e5e5e5"/>`,
    );
    out.push(text(right.left - 8, y + 4, formatDecade(tick), 'text-anchor="end"'));
  }
  const middle = (TOP + BOTTOM) / 2;
  out.push(
    text(24, middle, 'speedup over 1 worker', `text-anchor="middle" transform="rotate(-90 24 ${middle})"`),
  );
  out.push(
    text(
      514,
      middle,
      'samples/s (median, min–max; log scale)',
      `text-anchor="middle" transform="rotate(-90 514 ${middle})"`,
    ),
  );

  // The ideal line: speedup = workers.
  out.push(
    polyline(
      [
        [panelX(left, 1), speedupY(1)],
        [panelX(left, maxWorkers), speedupY(maxWorkers)],
      ],
      'class="ideal" stroke="#888888" stroke-width="1.5" stroke-dasharray="6 4"',
    ),
  );

  for (const s of series) {
    const name = escapeXml(s.workload);
    const stroke = `stroke="${s.color}" stroke-width="2"${s.dash}`;
    out.push(`<g class="series" data-workload="${name}">`);
    const speedups = s.points.filter((p) => Number.isFinite(p.speedup));
    out.push(
      polyline(
        speedups.map((p) => [panelX(left, p.workers), speedupY(p.speedup)]),
        `class="speedup" ${stroke}`,
      ),
    );
    for (const p of speedups) {
      out.push(
        `<circle cx="${fixed(panelX(left, p.workers))}" cy="${fixed(speedupY(p.speedup))}" r="3.5" fill="${s.color}"/>`,
      );
    }
    out.push(
      polyline(
        s.points.map((p) => [panelX(right, p.workers), rateY(p.samplesPerSecond)]),
        `class="throughput" ${stroke}`,
      ),
    );
    for (const p of s.points) {
      const x = fixed(panelX(right, p.workers));
      out.push(
        `<line x1="${x}" y1="${fixed(rateY(p.min))}" x2="${x}" y2="${fixed(rateY(p.max))}" stroke="${s.color}"/>`,
      );
      out.push(`<circle cx="${x}" cy="${fixed(rateY(p.samplesPerSecond))}" r="3.5" fill="${s.color}"/>`);
    }
    out.push('</g>');
  }

  // Legend: one swatch per workload, then the ideal line.
  const columnWidth = WIDTH / Math.min(entries.length, 3);
  entries.forEach((entry, i) => {
    const x = 40 + (i % 3) * columnWidth;
    const y = BOTTOM + 62 + Math.floor(i / 3) * 18;
    out.push(
      `<line x1="${fixed(x)}" y1="${y - 4}" x2="${fixed(x + 24)}" y2="${y - 4}" stroke="${entry.color}" stroke-width="2"${entry.dash}/>`,
    );
    out.push(text(x + 30, y, entry.label));
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
