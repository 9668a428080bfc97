import { describe, expect, it } from 'vitest';
import type { BenchPoint, BenchSettings, MachineInfo } from './bench-types.js';
import {
  formatCompact,
  formatMs,
  formatPercent,
  formatSamplesPerSecond,
  formatSpeedup,
} from './format-bench-numbers.js';
import { csvCell, formatCsv } from './format-csv.js';
import { machineRecord, resultRecord } from './format-json.js';
import { decadeTicks, escapeXml, formatDecade, formatSvg, linearTicks } from './format-svg.js';
import { formatTableHeader, formatTableRow } from './format-table.js';
import { describeMachine } from './machine.js';
import { progressText } from './progress.js';
import { median, scaling, summarize } from './stats.js';
import { namedWorkload } from './workloads.js';

// Points and a machine to format, with round numbers (and a CPU name that needs escaping).

const MACHINE: MachineInfo = {
  cpu: 'Test CPU <8 cores> & "co"',
  cores: 2,
  node: 'v20.0.0',
  platform: 'linux',
  arch: 'x64',
  dtype: 'f32',
};

const SETTINGS: BenchSettings = {
  mode: 'strong',
  optimizer: 'adam',
  seconds: 2,
  repetitions: 5,
  date: '2026-01-02T03:04:05.000Z',
};

function point(workload: string, workers: number, samplesPerSecond: number, speedup: number): BenchPoint {
  return {
    workload,
    model: workload === 'tiny' ? '2-16-3 sigmoid, ce' : '784-256-10 relu, ce',
    mode: 'strong',
    kernels: 'wasm',
    workers,
    batchSize: 64,
    globalBatch: 64,
    samplesPerSecond,
    min: samplesPerSecond * 0.9,
    max: samplesPerSecond * 1.1,
    repetitions: [samplesPerSecond * 0.9, samplesPerSecond, samplesPerSecond * 1.1],
    speedup,
    efficiency: speedup / workers,
    breakdown: { computeMs: 1.5, syncMs: 0.25, reduceUpdateMs: 0.125 },
  };
}

const POINTS: BenchPoint[] = [
  point('tiny', 1, 1_000_000, 1),
  point('tiny', 2, 600_000, 0.6),
  point('mnist', 1, 4_000, 1),
  point('mnist', 2, 7_600, 1.9),
];

describe('stats', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('summarises median, min and max', () => {
    expect(summarize([3, 9, 1, 4, 5])).toEqual({ median: 4, min: 1, max: 9 });
  });

  it('computes speedup and efficiency against the 1-worker baseline', () => {
    expect(scaling(300, 100, 4)).toEqual({ speedup: 3, efficiency: 0.75 });
  });
});

describe('number formats', () => {
  it('formats throughput, ratios and milliseconds', () => {
    expect(formatSamplesPerSecond(1234567.4)).toBe('1,234,567');
    expect(formatCompact(987)).toBe('987');
    expect(formatCompact(12_345)).toBe('12.3k');
    expect(formatCompact(1_049_000)).toBe('1.05M');
    expect(formatCompact(999_900)).toBe('1.00M');
    expect(formatSpeedup(1.934)).toBe('1.93×');
    expect(formatPercent(0.967)).toBe('97%');
    expect(formatMs(0.01234)).toBe('0.012');
    expect(formatMs(12.345)).toBe('12.3');
    expect(formatMs(123.4)).toBe('123');
    expect(formatSpeedup(Number.NaN)).toBe('-');
  });
});

describe('table', () => {
  it('names the machine, the settings and each workload in its header', () => {
    const header = formatTableHeader(MACHINE, SETTINGS, [namedWorkload('tiny', 'f32')]);
    expect(header).toContain(describeMachine(MACHINE));
    expect(header).toContain('2 cores');
    expect(header).toContain('Node v20.0.0');
    expect(header).toContain('f32');
    expect(header).toContain('strong scaling');
    expect(header).toContain('tiny: 2-16-3 sigmoid, ce, batch 64');
    expect(header).toMatch(/workload +kernels +workers +batch +samples\/s/);
  });

  it('prints one aligned row per point', () => {
    const rows = POINTS.map(formatTableRow);
    expect(rows[3]).toMatch(
      /^mnist +wasm +2 +64 +7,600 +6\.84k–8\.36k +1\.90× +95% +1\.50 +0\.250 +0\.125\n$/,
    );
    const header = formatTableHeader(MACHINE, SETTINGS, [])
      .split('\n')
      .find((l) => l.startsWith('workload'))!;
    // Right-aligned columns end where their titles end.
    expect(rows[3]!.indexOf('7,600') + '7,600'.length).toBe(header.indexOf('samples/s') + 'samples/s'.length);
  });
});

describe('json', () => {
  it('has the machine first and the fields the issue lists per result', () => {
    expect(machineRecord(MACHINE, SETTINGS)).toMatchObject({
      type: 'machine',
      cpu: MACHINE.cpu,
      cores: 2,
      node: 'v20.0.0',
      dtype: 'f32',
      mode: 'strong',
    });
    const record = resultRecord(POINTS[1]!);
    expect(record).toMatchObject({
      type: 'result',
      workload: 'tiny',
      mode: 'strong',
      kernels: 'wasm',
      workers: 2,
      samplesPerSecond: 600_000,
      speedup: 0.6,
      efficiency: 0.3,
      min: 540_000,
      max: 660_000,
      breakdown: { computeMs: 1.5, syncMs: 0.25, reduceUpdateMs: 0.125 },
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});

describe('csv', () => {
  it('quotes cells that need it', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(1.5)).toBe('1.5');
  });

  it('writes a header and one row per point, the machine on each', () => {
    const lines = formatCsv(POINTS, MACHINE, SETTINGS).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + POINTS.length);
    expect(lines[0]).toMatch(
      /^workload,model,mode,kernels,workers,.*samples_per_second,min,max,speedup,efficiency,/,
    );
    expect(lines[0]).toContain('cpu,cores,node');
    expect(lines[1]).toMatch(/^tiny,"2-16-3 sigmoid, ce",strong,wasm,1,64,64,1000000,/);
    expect(lines[1]).toContain('"Test CPU <8 cores> & ""co""",2,v20.0.0');
  });
});

describe('progress', () => {
  it('counts points and fits the terminal', () => {
    expect(progressText(2, 8, 'mnist, 2 workers', 'repetition 2/5')).toBe(
      'bench [3/8] mnist, 2 workers: repetition 2/5',
    );
    expect(progressText(0, 1, 'x'.repeat(100), 'warm-up', 40)).toHaveLength(39);
  });
});

/**
 * A tiny well-formedness check: every tag closes in order, attributes are quoted, and no raw `<`
 * or `&` sits in text. Returns the element names in document order.
 */
function checkWellFormed(svg: string): string[] {
  const open: string[] = [];
  const names: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let cursor = 0;
  while (cursor < svg.length) {
    const next = svg.indexOf('<', cursor);
    const textRun = svg.slice(cursor, next === -1 ? svg.length : next);
    expect(textRun).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(svg);
    if (!match) throw new Error(`malformed tag at ${next}: ${svg.slice(next, next + 60)}`);
    const [, closing, name, , selfClosing] = match;
    if (closing) expect(open.pop(), `closing </${name}>`).toBe(name);
    else {
      names.push(name!);
      if (!selfClosing) open.push(name!);
    }
    cursor = tag.lastIndex;
  }
  expect(open).toEqual([]);
  return names;
}

describe('formatSvg', () => {
  const svg = formatSvg(POINTS, MACHINE, SETTINGS);

  it('is well-formed, with one svg root', () => {
    const names = checkWellFormed(svg);
    expect(names[0]).toBe('svg');
    expect(names.filter((n) => n === 'svg')).toHaveLength(1);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(checkWellFormed('<a><b/></a>')).toEqual(['a', 'b']);
    expect(() => checkWellFormed('<a><b></a>')).toThrow();
  });

  it('draws a speedup and a throughput polyline per workload, and the ideal line', () => {
    for (const workload of ['tiny', 'mnist']) {
      const group = svg.match(new RegExp(`<g class="series" data-workload="${workload}">([\\s\\S]*?)</g>`));
      expect(group, workload).not.toBeNull();
      expect(group![1]!.match(/<polyline class="speedup"/g)).toHaveLength(1);
      expect(group![1]!.match(/<polyline class="throughput"/g)).toHaveLength(1);
    }
    expect(svg.match(/<polyline /g)).toHaveLength(2 * 2 + 1);
    expect(svg.match(/<polyline class="ideal"/g)).toHaveLength(1);
  });

  it('puts one point per worker count in each polyline', () => {
    const lines = [...svg.matchAll(/<polyline class="(speedup|throughput)" points="([^"]+)"/g)];
    for (const [, , points] of lines) expect(points!.split(' ')).toHaveLength(2);
  });

  it('names the machine, escaped, and the kernels', () => {
    expect(svg).toContain(
      'Test CPU &lt;8 cores&gt; &amp; &quot;co&quot;, 2 cores, Node v20.0.0, f32 · wasm kernels',
    );
  });

  it('draws one series per workload and kernels when several kernels were measured', () => {
    const both = [...POINTS, ...POINTS.map((p) => ({ ...p, kernels: 'ts' as const }))];
    const svg2 = formatSvg(both, MACHINE, SETTINGS);
    checkWellFormed(svg2);
    for (const name of ['tiny wasm', 'tiny ts', 'mnist wasm', 'mnist ts']) {
      expect(svg2).toContain(`<g class="series" data-workload="${name}">`);
    }
    expect(svg2.match(/<polyline /g)).toHaveLength(4 * 2 + 1);
  });

  it('copes with a single worker count and with a point that did not scale', () => {
    const single = formatSvg([point('tiny', 1, 5000, 1)], MACHINE, SETTINGS);
    checkWellFormed(single);
    expect(single).not.toContain('NaN');
    const nan = formatSvg([point('tiny', 1, 5000, 1), point('tiny', 2, 4000, Number.NaN)], MACHINE, SETTINGS);
    checkWellFormed(nan);
    expect(nan).not.toContain('NaN');
  });
});

describe('axis helpers', () => {
  it('picks round linear ticks from 0', () => {
    expect(linearTicks(2.1)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(linearTicks(8.4)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('covers the values with decades', () => {
    expect(decadeTicks(3500, 1.2e6)).toEqual([1e3, 1e4, 1e5, 1e6, 1e7]);
    expect(decadeTicks(2000, 3000)).toEqual([1e3, 1e4]);
    expect(formatDecade(1e6)).toBe('1M');
    expect(formatDecade(1e4)).toBe('10k');
    expect(formatDecade(100)).toBe('100');
  });

  it('escapes XML', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});

describe('under MPI', () => {
  const mpiSettings: BenchSettings = { ...SETTINGS, ranks: 2, mpi: 'Open MPI v4.1.4' };
  const mpiPoint: BenchPoint = {
    ...point('mnist', 2, 7_600, 1.9),
    ranks: 2,
    breakdown: {
      computeMs: 1.5,
      syncMs: 0.25,
      reduceUpdateMs: 0.125,
      exchangeMs: 0.75,
      exchangeAloneMs: 0.5,
    },
  };

  it('the table shows the layout as ranks × workers and the exchange per step', () => {
    const header = formatTableHeader(MACHINE, mpiSettings, []);
    expect(header).toContain('2 ranks (Open MPI v4.1.4); speedup over 2 × 1');
    expect(header).toMatch(/ranks×wkrs +batch .* reduce\+upd +exchange +alone\n/);
    expect(formatTableRow(mpiPoint)).toMatch(
      /^mnist +wasm +2 × 2 +64 +7,600 +6\.84k–8\.36k +1\.90× +95% +1\.50 +0\.250 +0\.125 +0\.750 +0\.500\n$/,
    );
    // A single process: no MPI line, no layout, no exchange columns.
    expect(formatTableHeader(MACHINE, SETTINGS, [])).not.toMatch(/mpi|ranks|exchange/);
    expect(formatTableRow(POINTS[3]!)).not.toMatch(/\d × \d/);
  });

  it('json and csv carry the ranks, the layout and the exchange; a single process does not', () => {
    expect(machineRecord(MACHINE, mpiSettings)).toMatchObject({ ranks: 2, mpi: 'Open MPI v4.1.4' });
    expect(resultRecord(mpiPoint)).toMatchObject({
      ranks: 2,
      layout: '2 × 2',
      workers: 2,
      breakdown: { exchangeMs: 0.75, exchangeAloneMs: 0.5 },
    });
    expect(resultRecord(POINTS[3]!)).not.toHaveProperty('ranks');
    expect(resultRecord(POINTS[3]!)).not.toHaveProperty('layout');
    const [header, row] = formatCsv([mpiPoint], MACHINE, mpiSettings).trimEnd().split('\n');
    expect(header).toMatch(/,date,ranks,exchange_ms,exchange_alone_ms$/);
    expect(row).toMatch(/,2,0\.75,0\.5$/);
    expect(formatCsv(POINTS, MACHINE, SETTINGS).split('\n')[0]).not.toContain('ranks');
  });
});
