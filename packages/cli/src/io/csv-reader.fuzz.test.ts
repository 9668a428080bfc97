// Property-based fuzzing of the CSV reader (fast-check). Every input either loads exactly as an
// independent reference says it should (csv-parse splits the cells; the rules on top are what the
// README and the reader's doc comments promise), or is rejected with a one-line DataError naming
// the source: never another exception, a hang or a runaway allocation.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { CsvDatasetBuilder } from './csv-dataset-builder.js';
import { LineSplitter } from './csv-lines.js';
import { type CsvDataset, type CsvReadOptions, parseCsvText, readCsvDataset } from './csv-reader.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'shardwise-csv-fuzz-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const SOURCE = 'fuzz.csv';
/**
 * Property runs per test: enough to find shallow bugs while the file stays a few seconds.
 * SHARDWISE_FUZZ_RUNS=20000 fuzzes for longer.
 */
const RUNS = Number(process.env.SHARDWISE_FUZZ_RUNS) || 300;

// ---------------------------------------------------------------------------------------------
// The reference: what the README and the reader's doc comments promise, written out naively.

interface Reference {
  rows: number;
  features: number;
  x: number[];
  labels: number[] | null;
  targets: number[] | null;
  outputs: number;
  classes: number;
}

const NON_FINITE: Record<string, number> = {
  nan: Number.NaN,
  '+nan': Number.NaN,
  '-nan': Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
};
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT32_MAX = 2 ** 31 - 1;

/**
 * RFC 4180 cells of one line, or null when the quoting is malformed: csv-parse is the oracle (a
 * well-kept parser, independent of ours). Quotes may not span lines (the reader reads line by
 * line), and spaces or tabs may surround a quoted cell; values are trimmed where they are used.
 */
function referenceCells(line: string): string[] | null {
  // csv-parse's `trim` skips any whitespace around quotes; the reader promises only spaces and
  // tabs, so other whitespace is masked as a non-blank stand-in while csv-parse splits the line.
  const masked: string[] = [];
  let standIn = 0xe000;
  while (line.includes(String.fromCharCode(standIn))) standIn++;
  const stand = String.fromCharCode(standIn);
  const text = line.replace(/[^\S \t]/g, (blank) => {
    masked.push(blank);
    return stand;
  });
  let cells: string[];
  try {
    const records = parseCsv(text, { record_delimiter: '\n', trim: true, relax_column_count: true });
    if (records.length !== 1) return null;
    cells = records[0] as string[];
  } catch {
    return null;
  }
  let next = 0;
  return cells.map((cell) => cell.replaceAll(stand, () => masked[next++]!));
}

/** A number cell's value, or null if it must be rejected. */
function referenceNumber(cell: string, options: CsvReadOptions): number | null {
  const text = cell.trim();
  if (DECIMAL.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value)) return null;
    if (options.dtype === 'f32') return Number.isFinite(Math.fround(value)) ? Math.fround(value) : null;
    return value;
  }
  const special = NON_FINITE[text.toLowerCase()];
  if (special !== undefined && Object.hasOwn(NON_FINITE, text.toLowerCase()) && options.allowNonFinite) {
    return options.dtype === 'f32' ? Math.fround(special) : special;
  }
  return null;
}

/**
 * A label cell: a class index (number), a class name (string: any other text that is neither
 * empty nor a NaN/Inf word, up to 256 characters), or null if it must be rejected.
 */
function referenceLabel(cell: string, options: CsvReadOptions): number | string | null {
  const text = cell.trim();
  if (!DECIMAL.test(text)) {
    if (text === '' || Object.hasOwn(NON_FINITE, text.toLowerCase()) || text.length > 256) return null;
    return text;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > INT32_MAX) return null;
  if (options.classes !== undefined && value >= options.classes) return null;
  return value;
}

/** Code-point order (numpy's for strings, as scikit-learn's LabelEncoder sorts class names). */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

const isBlank = (line: string) => line === '' || (line.charCodeAt(0) <= 32 && line.trim() === '');

/** The dataset `text` holds, or null when the reader must reject it. */
function referenceParse(text: string, options: CsvReadOptions): Reference | null {
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  let content = lines.length;
  while (content > 0 && isBlank(lines[content - 1]!)) content--;
  const used = lines.slice(0, content);
  if (used.some(isBlank)) return null; // blank line before more content
  if (used.length < 2) return null; // no header, or no data rows
  const headerCells = referenceCells(used[0]!);
  if (headerCells === null) return null;
  const names = headerCells.map((cell) => cell.trim());
  if (names.every((name) => DECIMAL.test(name))) return null; // numbers, not a header
  if (new Set(names).size !== names.length) return null;
  const xs = names.filter((n) => /^x(0|[1-9]\d*)$/.test(n)).map((n) => Number(n.slice(1)));
  const ys = names.filter((n) => /^y(0|[1-9]\d*)$/.test(n)).map((n) => Number(n.slice(1)));
  const hasLabel = names.includes('label');
  if (xs.length + ys.length + (hasLabel ? 1 : 0) !== names.length) return null; // unknown names
  if (xs.length === 0 || (hasLabel && ys.length > 0)) return null;
  if (xs.some((index) => index >= xs.length) || ys.some((index) => index >= ys.length)) return null;

  const features = xs.length;
  const x: number[] = [];
  const targets: number[] = [];
  const labels: number[] = [];
  const labelNames: string[] = [];
  for (const line of used.slice(1)) {
    const cells = referenceCells(line);
    if (cells === null || cells.length !== names.length) return null;
    const rowX = new Array<number>(features);
    const rowY = new Array<number>(ys.length);
    for (let column = 0; column < names.length; column++) {
      const name = names[column]!;
      if (name === 'label') {
        const label = referenceLabel(cells[column]!, options);
        if (label === null) return null;
        if (typeof label === 'string') labelNames.push(label);
        else labels.push(label);
      } else {
        const value = referenceNumber(cells[column]!, options);
        if (value === null) return null;
        (name[0] === 'x' ? rowX : rowY)[Number(name.slice(1))] = value;
      }
    }
    x.push(...rowX);
    targets.push(...rowY);
  }
  const rows = used.length - 1;
  if (hasLabel && labelNames.length > 0) {
    if (labels.length > 0) return null; // names and indices mixed
    const sorted = [...new Set(labelNames)].sort(byCodePoint);
    if (sorted.length > 10_000) return null;
    if (options.classes !== undefined && options.classes !== sorted.length) return null;
    const indices = labelNames.map((name) => sorted.indexOf(name));
    return {
      rows,
      features,
      x,
      labels: indices,
      targets: null,
      outputs: sorted.length,
      classes: sorted.length,
    };
  }
  if (hasLabel) {
    const classes = options.classes ?? Math.max(...labels) + 1;
    return { rows, features, x, labels, targets: null, outputs: classes, classes };
  }
  const outputs = ys.length;
  return { rows, features, x, labels: null, targets: outputs > 0 ? targets : null, outputs, classes: 0 };
}

// ---------------------------------------------------------------------------------------------
// Checking one input.

function sameNumbers(actual: ArrayLike<number> | null, expected: number[] | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(actual!.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    // Object.is: NaN equals NaN, and -0 must stay -0.
    if (!Object.is(actual![i], expected[i]) && !(actual instanceof Int32Array && actual[i] === expected[i])) {
      throw new Error(`${what}[${i}] is ${actual![i]}, expected ${expected[i]}`);
    }
  }
}

function expectMatches(actual: CsvDataset, expected: Reference, options: CsvReadOptions): void {
  expect(actual.x).toBeInstanceOf(options.dtype === 'f32' ? Float32Array : Float64Array);
  expect({
    rows: actual.rows,
    features: actual.features,
    outputs: actual.outputs,
    classes: actual.classes,
  }).toEqual({
    rows: expected.rows,
    features: expected.features,
    outputs: expected.outputs,
    classes: expected.classes,
  });
  sameNumbers(actual.x, expected.x, 'x');
  sameNumbers(actual.targets, expected.targets, 'targets');
  sameNumbers(actual.labels, expected.labels, 'labels');
}

/** The project's error, with one line that names the source. */
function expectCleanRejection(error: unknown, source: string): void {
  if (!(error instanceof DataError)) throw error; // anything else is a bug: show it as it is
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message.startsWith(`${source}: `), error.message).toBe(true);
  // Hostile input must not flood the terminal.
  expect(error.message.length).toBeLessThan(source.length + 600);
}

/** Parses `text` and checks the outcome against the reference. Returns the dataset or the error. */
function checkText(text: string, options: CsvReadOptions): CsvDataset | DataError {
  const expected = referenceParse(text, options);
  const started = performance.now();
  let outcome: CsvDataset | DataError;
  try {
    outcome = parseCsvText(text, SOURCE, options);
  } catch (error) {
    expectCleanRejection(error, SOURCE);
    outcome = error as DataError;
  }
  // Inputs here are a few KB: anything slow means a quadratic (or worse) path.
  expect(performance.now() - started).toBeLessThan(2000);
  if (outcome instanceof DataError) {
    if (expected !== null)
      throw new Error(`rejected valid input: ${outcome.message}\n${JSON.stringify(text)}`);
  } else {
    if (expected === null) throw new Error(`accepted invalid input ${JSON.stringify(text)}`);
    expectMatches(outcome, expected, options);
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Generators: well-formed files in every accepted spelling, then damaged ones.

/** A number cell as text: plain, exponent, fixed, with signs, leading zeros and padding. */
const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v.toExponential()),
  fc
    .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 20 }))
    .map(([v, d]) => v.toFixed(d)),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom(
    '0',
    '-0',
    '+0',
    '.5',
    '-.25',
    '5.',
    '+1.5',
    '007',
    '1E3',
    '1e-3',
    '2.5E+2',
    '1e38',
    '3.5e38',
  ),
  fc.constantFrom('123456789012345678', '0.1234567890123456789', '1e-320', '3.4028235e38', '1e308'),
);

/** A label cell: a small class index, sometimes spelled unusually. */
const labelText = (classes: number): fc.Arbitrary<string> =>
  fc
    .integer({ min: 0, max: classes - 1 })
    .chain((k) =>
      fc.constantFrom(String(k), `${k}.0`, `${k}e0`, ` ${k} `, `+${k}`, k === 0 ? '-0' : String(k)),
    );

interface Layout {
  features: number;
  kind: 'label' | 'y' | 'none';
  outputs: number;
  /** Column names in file order. */
  names: string[];
}

const layoutArbitrary: fc.Arbitrary<Layout> = fc
  .record({
    features: fc.integer({ min: 1, max: 6 }),
    kind: fc.constantFrom('label', 'y', 'none') as fc.Arbitrary<Layout['kind']>,
    outputs: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ features, kind, outputs }) => {
    const names = [
      ...Array.from({ length: features }, (_, j) => `x${j}`),
      ...(kind === 'label'
        ? ['label']
        : kind === 'y'
          ? Array.from({ length: outputs }, (_, j) => `y${j}`)
          : []),
    ];
    return fc
      .shuffledSubarray(names, { minLength: names.length, maxLength: names.length })
      .map((order) => ({ features, kind, outputs, names: order }));
  });

interface Spelling {
  bom: boolean;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
  trailingBlanks: number;
}

const spellingArbitrary: fc.Arbitrary<Spelling> = fc.record({
  bom: fc.boolean(),
  eol: fc.constantFrom('\n', '\r\n') as fc.Arbitrary<Spelling['eol']>,
  finalNewline: fc.boolean(),
  trailingBlanks: fc.integer({ min: 0, max: 2 }),
});

/** Writes a cell as-is, padded, or quoted (doubling no quotes: numbers hold none). */
const dressArbitrary = fc.constantFrom('plain', 'plain', 'plain', 'padded', 'quoted', 'quoted-padded');
function dress(cell: string, how: string): string {
  if (how === 'padded') return ` ${cell}\t`;
  if (how === 'quoted') return `"${cell}"`;
  if (how === 'quoted-padded') return ` "${cell}" `;
  return cell;
}

/** A well-formed CSV text with 1..12 rows. */
const validCsv: fc.Arbitrary<string> = fc
  .tuple(layoutArbitrary, spellingArbitrary, fc.integer({ min: 2, max: 5 }))
  .chain(([layout, spelling, classes]) => {
    const cell = (name: string) => (name === 'label' ? labelText(classes) : numberText);
    const row = fc.tuple(...layout.names.map((name) => fc.tuple(cell(name), dressArbitrary)));
    const header = fc.tuple(...layout.names.map((name) => dressArbitrary.map((how) => dress(name, how))));
    return fc.tuple(header, fc.array(row, { minLength: 1, maxLength: 12 })).map(([head, rows]) => {
      const lines = [
        head.join(','),
        ...rows.map((cells) => cells.map(([c, how]) => dress(c, how)).join(',')),
      ];
      const body = lines.join(spelling.eol) + (spelling.finalNewline ? spelling.eol : '');
      return (spelling.bom ? '\uFEFF' : '') + body + spelling.eol.repeat(spelling.trailingBlanks);
    });
  });

/** Tokens that stress the cell parser. */
const hostileToken = fc.constantFrom(
  '',
  ' ',
  'nan',
  'NaN',
  '-nan',
  'inf',
  '-inf',
  '+Inf',
  'Infinity',
  '-infinity',
  'abc',
  '0x10',
  '0b1',
  '0o7',
  '1e999',
  '-1e999',
  '1e',
  '.',
  '-',
  '1.2.3',
  '"',
  '""',
  '"1',
  '1"',
  '"1"x',
  '"""1"',
  '1,2',
  ',',
  '\r',
  '\uFEFF',
  '\u00a01',
  '1_000',
  '١',
  '2147483648',
  '-1',
  '1.5',
);

type Mutation = (text: string) => fc.Arbitrary<string>;
const at = (text: string) => fc.integer({ min: 0, max: text.length });
const mutations: Mutation[] = [
  // Replace a whole cell (between two separators) by a hostile token.
  (text) =>
    fc.tuple(at(text), hostileToken).map(([i, token]) => {
      const start = Math.max(text.lastIndexOf(',', i - 1), text.lastIndexOf('\n', i - 1)) + 1;
      const ends = [text.indexOf(',', i), text.indexOf('\n', i)].filter((e) => e !== -1);
      const end = ends.length > 0 ? Math.min(...ends) : text.length;
      return text.slice(0, start) + token + text.slice(Math.max(start, end));
    }),
  // Insert a token or random text anywhere.
  (text) =>
    fc
      .tuple(
        at(text),
        fc.oneof(hostileToken, fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })),
      )
      .map(([i, token]) => text.slice(0, i) + token + text.slice(i)),
  // Truncate.
  (text) => at(text).map((i) => text.slice(0, i)),
  // Delete a range.
  (text) =>
    fc.tuple(at(text), fc.integer({ min: 1, max: 8 })).map(([i, n]) => text.slice(0, i) + text.slice(i + n)),
  // An extra column on one line, or one missing.
  (text) =>
    fc.tuple(fc.nat(), fc.boolean()).map(([k, extra]) => {
      const lines = text.split('\n');
      const index = k % lines.length;
      const line = lines[index]!;
      lines[index] = extra
        ? `${line.replace(/\r$/, '')},7`
        : line.slice(0, Math.max(0, line.lastIndexOf(',')));
      return lines.join('\n');
    }),
  // Reorder the lines (a data row as header, a header in the middle).
  (text) =>
    fc.nat().map((k) => {
      const lines = text.split('\n');
      const i = k % lines.length;
      const [line] = lines.splice(i, 1);
      lines.splice((k * 7) % (lines.length + 1), 0, line!);
      return lines.join('\n');
    }),
  // A blank line in the middle.
  (text) =>
    fc.nat().map((k) => {
      const lines = text.split('\n');
      lines.splice(k % (lines.length + 1), 0, '');
      return lines.join('\n');
    }),
];

const damagedCsv: fc.Arbitrary<string> = validCsv.chain((text) =>
  fc
    .array(fc.integer({ min: 0, max: mutations.length - 1 }), { minLength: 1, maxLength: 3 })
    .chain((picks) =>
      picks.reduce<fc.Arbitrary<string>>(
        (soFar, pick) => soFar.chain((current) => mutations[pick]!(current)),
        fc.constant(text),
      ),
    ),
);

const optionsArbitrary: fc.Arbitrary<CsvReadOptions> = fc.record(
  {
    dtype: fc.constantFrom('f32', 'f64') as fc.Arbitrary<'f32' | 'f64'>,
    classes: fc.integer({ min: 1, max: 6 }),
    allowNonFinite: fc.boolean(),
  },
  { requiredKeys: ['dtype'] },
);

// ---------------------------------------------------------------------------------------------

describe('CSV reader fuzzing (fast-check)', () => {
  it('loads every well-formed file (any column order, BOM, CRLF, quotes, padding) exactly', () => {
    fc.assert(
      fc.property(validCsv, optionsArbitrary, (text, options) => {
        const { classes: _ignored, ...withoutClasses } = options;
        const outcome = checkText(text, withoutClasses);
        // Every finite double is a valid f64 cell; for f32, values beyond ±3.4e38 are rejected.
        if (options.dtype === 'f64') expect(outcome).not.toBeInstanceOf(DataError);
      }),
      { numRuns: RUNS },
    );
  });

  it('loads or cleanly rejects damaged files, agreeing with the reference either way', () => {
    fc.assert(
      fc.property(damagedCsv, optionsArbitrary, (text, options) => {
        checkText(text, options);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('loads or cleanly rejects arbitrary text and arbitrary bytes', () => {
    const header = fc.constantFrom('', 'x0\n', 'x0,label\n', 'x1,x0,y0\r\n', '\uFEFFx0,y0\n');
    fc.assert(
      fc.property(
        header,
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
          fc
            .array(fc.constantFrom('1', '-2.5', ',', '\n', '\r\n', '"', ' ', 'nan', 'e', '.', '\uFEFF'), {
              maxLength: 60,
            })
            .map((parts) => parts.join('')),
        ),
        optionsArbitrary,
        (head, body, options) => {
          checkText(head + body, options);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('names the file, row and column of a NaN/Inf/empty cell, and takes NaN/Inf only when allowed', () => {
    const scenario = fc.tuple(
      layoutArbitrary.filter((layout) => layout.kind !== 'label'),
      fc.integer({ min: 1, max: 5 }),
      fc.nat(),
      fc.nat(),
      fc.constantFrom('nan', 'NaN', 'inf', '-Inf', 'Infinity', '-infinity', '+inf', ''),
      fc.constantFrom('f32', 'f64') as fc.Arbitrary<'f32' | 'f64'>,
    );
    fc.assert(
      fc.property(scenario, ([layout, rows, pickRow, pickColumn, token, dtype]) => {
        // With one column an empty cell is a blank line: trailing ones are ignored, others rejected.
        if (token === '' && layout.names.length === 1) return;
        const row = 1 + (pickRow % rows);
        const column = pickColumn % layout.names.length;
        const lines = [layout.names.join(',')];
        for (let r = 1; r <= rows; r++) {
          lines.push(
            layout.names.map((_, c) => (r === row && c === column ? token : String(r + c / 8))).join(','),
          );
        }
        const text = `${lines.join('\n')}\n`;
        const name = layout.names[column]!;
        let message = '';
        try {
          parseCsvText(text, SOURCE, { dtype });
        } catch (error) {
          expectCleanRejection(error, SOURCE);
          message = (error as Error).message;
        }
        expect(message.startsWith(`${SOURCE}: row ${row} (line ${row + 1}), column ${name}: `), message).toBe(
          true,
        );
        if (token === '') {
          expect(message).toContain('empty cell');
          return;
        }
        expect(message).toContain('not finite');
        expect(message).toContain('--allow-non-finite');
        const allowed = parseCsvText(text, SOURCE, { dtype, allowNonFinite: true });
        const slot = Number(name.slice(1));
        const array = name[0] === 'x' ? allowed.x : allowed.targets!;
        const width = name[0] === 'x' ? layout.features : layout.outputs;
        expect(array[(row - 1) * width + slot]).toBe(NON_FINITE[token.toLowerCase()]);
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same result however the text is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.oneof(validCsv, damagedCsv),
        fc.array(fc.nat(), { maxLength: 8 }),
        optionsArbitrary,
        (text, cuts, options) => {
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const whole = settle(() => parseCsvText(text, SOURCE, options));
          const chunked = settle(() => {
            const builder = new CsvDatasetBuilder(SOURCE, options);
            const splitter = new LineSplitter(
              (line, n) => builder.acceptLine(line, n),
              () => {
                throw new Error('overlong');
              },
            );
            let previous = 0;
            for (const point of [...points, text.length]) {
              splitter.push(text.slice(previous, point));
              previous = point;
            }
            splitter.end();
            return builder.finish();
          });
          expect(chunked).toEqual(whole);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('streams files from disk exactly as it parses their text (valid, damaged and random bytes)', async () => {
    let counter = 0;
    const content = fc.oneof(
      validCsv.map((text) => Buffer.from(text)),
      damagedCsv.map((text) => Buffer.from(text)),
      fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
    );
    await fc.assert(
      fc.asyncProperty(content, optionsArbitrary, async (bytes, options) => {
        const path = join(directory, `case-${counter++}.csv`);
        await writeFile(path, bytes);
        // Node's stream decoder keeps a BOM, as Buffer#toString does (TextDecoder would drop it).
        const fromText = settle(() => parseCsvText(bytes.toString('utf8'), path, options));
        let fromFile: CsvDataset | string;
        try {
          fromFile = await readCsvDataset(path, options);
        } catch (error) {
          expectCleanRejection(error, path);
          fromFile = (error as Error).message;
        }
        await rm(path);
        expect(fromFile).toEqual(fromText);
      }),
      { numRuns: 150, timeout: 5000 },
    );
  });

  it('keeps memory bounded: repeated hostile inputs do not accumulate buffers', () => {
    const before = process.memoryUsage();
    let peakArrayBuffers = before.arrayBuffers;
    fc.assert(
      fc.property(damagedCsv, optionsArbitrary, (text, options) => {
        checkText(text, options);
        peakArrayBuffers = Math.max(peakArrayBuffers, process.memoryUsage().arrayBuffers);
      }),
      { numRuns: RUNS },
    );
    // Each input is at most a few KB; growth of more than 64 MB would mean an allocation driven
    // by something other than the input's size.
    expect(peakArrayBuffers - before.arrayBuffers).toBeLessThan(64 * 1024 * 1024);
    expect(process.memoryUsage().rss - before.rss).toBeLessThan(256 * 1024 * 1024);
  });
});

/** The dataset, or the DataError message (anything else is rethrown). */
function settle(parse: () => CsvDataset): CsvDataset | string {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return error.message;
  }
}
