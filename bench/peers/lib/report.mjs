// The human-readable comparison, and the targets judged from one run's figures.

const count = (value) => Math.round(value).toLocaleString('en-US');
const compact = (value) => {
  for (const [scale, suffix] of [
    [1e6, 'M'],
    [1e3, 'k'],
  ]) {
    if (value >= scale) return `${(value / scale).toPrecision(3)}${suffix}`;
  }
  return value.toPrecision(3);
};
const ratio = (value) => (value === undefined ? '' : `${value.toFixed(2)}×`);

function checkCell(row) {
  if (row.check === 'reference' || row.check === 'n/a') return row.check;
  return `${row.check} ${row.difference.toExponential(1)}`;
}

const COLUMNS = [
  ['peer', 25, (row) => row.peer, true],
  ['loss check', 14, checkCell, true],
  ['samples/s', 11, (row) => (row.samplesPerSecond === undefined ? '-' : count(row.samplesPerSecond))],
  [
    'min–max',
    13,
    (row) => (row.samplesPerSecond === undefined ? '' : `${compact(row.min)}–${compact(row.max)}`),
  ],
  ['sw 1w ÷', 8, (row) => ratio(row.ratio1)],
  ['sw 2w ÷', 8, (row) => ratio(row.ratio2)],
  ['note', 0, (row) => row.note ?? '', true],
];

function line(cells) {
  return `  ${cells
    .map((cell, i) => (COLUMNS[i][3] ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1])))
    .join('  ')
    .trimEnd()}`;
}

export function formatReport(machine, results, targets, seconds) {
  const v = machine.versions;
  const out = [
    `machine  ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.dtype}; ${machine.date}`,
    `versions tfjs ${v.tfjs}, tfjs-backend-wasm ${v['tfjs-backend-wasm']}, brain.js ${v['brain.js']}, numpy ${v.numpy} (${v.blas}), python ${v.python}`,
    `method   ${machine.optimizer}; loss check: first 3 steps vs shardwise (relative difference < 1e-3); samples/s: median of ${machine.repetitions} × ${(machine.seconds / machine.repetitions).toPrecision(2)} s, peers interleaved, after a warm-up`,
    `         "sw 1w ÷" and "sw 2w ÷": shardwise's samples/s with its default (${machine.kernels}) kernels, 1 and 2 workers, divided by the peer's`,
  ];
  for (const result of results) {
    out.push('', `${result.workload} — ${result.model}`, line(COLUMNS.map(([title]) => title)));
    for (const row of result.rows) out.push(line(COLUMNS.map(([, , cell]) => cell(row))));
  }
  out.push('', 'targets');
  for (const target of targets) {
    const verdict = target.met === undefined ? 'report' : target.met ? 'MET' : 'NOT MET';
    out.push(`  ${verdict.padEnd(7)}  ${target.description}`);
  }
  out.push('', `(${seconds.toFixed(0)} s in all)`);
  return out.join('\n');
}

/**
 * The targets: mnist with 2 workers ≥ 2× tfjs-wasm; tiny faster than numpy; and the ratio to
 * numpy (the faster of its two configurations) on every workload.
 */
export function summarizeTargets(results) {
  const targets = [];
  const find = (workload, key) =>
    results.find((r) => r.workload === workload)?.rows.find((row) => row.key === key && row.samplesPerSecond);
  const wasm = find('mnist', 'tfjs-wasm');
  if (wasm) {
    targets.push({
      target: 'mnist-vs-tfjs-wasm',
      ratio: wasm.ratio2,
      met: wasm.ratio2 >= 2,
      description: `mnist: shardwise with 2 workers is ${wasm.ratio2.toFixed(2)}× TensorFlow.js-wasm (target ≥ 2×)`,
    });
  }
  for (const result of results) {
    // numpy's best configuration (OpenBLAS's default threads, or one thread) is the ceiling.
    const candidates = [find(result.workload, 'numpy'), find(result.workload, 'numpy-1')].filter(Boolean);
    if (candidates.length === 0) continue;
    const numpy = candidates.reduce((a, b) => (b.samplesPerSecond > a.samplesPerSecond ? b : a));
    const best = Math.max(numpy.ratio1, numpy.ratio2);
    const which = numpy.ratio1 >= numpy.ratio2 ? '1 worker' : '2 workers';
    const tiny = result.workload === 'tiny';
    targets.push({
      target: tiny ? 'tiny-faster-than-numpy' : `ratio-to-numpy-${result.workload}`,
      workload: result.workload,
      numpy: numpy.peer,
      ratio: best,
      ratio1: numpy.ratio1,
      ratio2: numpy.ratio2,
      met: tiny ? best > 1 : undefined,
      description: `${result.workload}: shardwise (best: ${which}) is ${best.toFixed(2)}× numpy (its fastest: ${numpy.peer})${tiny ? ' (target > 1×)' : ''}`,
    });
  }
  return targets;
}
