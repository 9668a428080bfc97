// One MPI rank of the binding's tests, started by `mpirun -np N node rank-checks.mjs <ending> <dir>`
// from mpi-collectives.test.ts (never the test runner itself under mpirun). It runs every
// collective on views into a SharedArrayBuffer and WebAssembly memories, the argument checks and
// the thread rule, and writes what it saw to <dir>/rank-<r>.json (a file per rank: mpirun may
// interleave long stdout lines of different ranks). Then, with ending `finalize`, it checks
// finalize() and exits 0; with `abort`, the last rank calls abort(3) while the others wait in a
// barrier that never completes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadMpi } from '../../dist/index.js';

const [ending, reportDir] = process.argv.slice(2);
const { mpi, reason } = loadMpi();
if (!mpi) {
  console.error(`rank-checks: ${reason}`);
  process.exit(2);
}
const info = mpi.init();
const { rank, size } = info;

/** Uneven blocks with a one-element gap before each: rank q has q % 3 + q + 1 elements. */
function layout() {
  const counts = new Int32Array(size);
  const displs = new Int32Array(size);
  let next = 1;
  for (let q = 0; q < size; q++) {
    counts[q] = (q % 3) + q + 1;
    displs[q] = next;
    next += counts[q] + 1;
  }
  return { counts, displs, length: next + 1 };
}

/** Fills `data` with this rank's gap marker, then its own block with rank * 1000 + i + 0.5. */
function fillOwnBlock(data, counts, displs) {
  data.fill(-(rank + 1));
  for (let i = 0; i < counts[rank]; i++) data[displs[rank] + i] = rank * 1000 + i + 0.5;
}

const { counts, displs, length } = layout();
// A Float32Array 8 bytes into a SharedArrayBuffer, with a sentinel before and after the view.
const sab = new SharedArrayBuffer(8 + length * 4 + 8);
new Float32Array(sab).fill(77);
const sabView = new Float32Array(sab, 8, length);
fillOwnBlock(sabView, counts, displs);
mpi.allgatherv(sabView, counts, displs);
// A Float64Array 16 bytes into a shared WebAssembly.Memory, and one into a non-shared memory.
const sharedMemory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
const wasmView = new Float64Array(sharedMemory.buffer, 16, length);
fillOwnBlock(wasmView, counts, displs);
mpi.allgatherv(wasmView, counts, displs);
const plainMemory = new WebAssembly.Memory({ initial: 1 });
const plainView = new Float32Array(plainMemory.buffer, 4, length);
fillOwnBlock(plainView, counts, displs);
mpi.allgatherv(plainView, counts, displs);

// Sums exact in both precisions: rank + k / 4.
const sum32 = new Float32Array(new SharedArrayBuffer(8));
sum32.set([rank, rank + 0.25]);
mpi.allreduceSum(sum32);
const sum64 = new Float64Array(sharedMemory.buffer, 1024, 5).map((_, k) => rank + k / 4);
mpi.allreduceSum(sum64);

// Bytes from the last rank, doubles from rank 0.
const bytes = new Uint8Array(new SharedArrayBuffer(11), 1, 9);
if (rank === size - 1) for (let i = 0; i < bytes.length; i++) bytes[i] = 200 + i;
mpi.broadcast(bytes, size - 1);
const doubles = new Float64Array(3);
if (rank === 0) doubles.set([Math.PI, -0, 1e300]);
mpi.broadcast(new DataView(doubles.buffer), 0);

// Each bad call must throw its kind and leave the data as it was.
const before = Float32Array.from(sabView);
const tooMany = new Int32Array(size + 1);
const pastEnd = Int32Array.from(displs);
pastEnd[size - 1] = length - counts[size - 1] + 1;
const negative = Int32Array.from(counts);
negative[0] = -1;
const overlapping = Int32Array.from(displs);
if (size > 1) overlapping[1] = displs[0] + counts[0] - 1;
const badCalls = {
  'allgatherv on an Int32Array': () => mpi.allgatherv(new Int32Array(length), counts, displs),
  'allgatherv with counts as Float32Array': () => mpi.allgatherv(sabView, Float32Array.from(counts), displs),
  'allgatherv with size + 1 counts': () => mpi.allgatherv(sabView, tooMany, displs),
  'allgatherv with size + 1 displs': () => mpi.allgatherv(sabView, counts, tooMany),
  'allgatherv with a block past the end': () => mpi.allgatherv(sabView, counts, pastEnd),
  'allgatherv with a negative count': () => mpi.allgatherv(sabView, negative, displs),
  'allgatherv without displs': () => mpi.allgatherv(sabView, counts),
  'allreduceSum on an array': () => mpi.allreduceSum([1, 2]),
  'allreduceSum on a Uint8Array': () => mpi.allreduceSum(new Uint8Array(sab)),
  'broadcast to root = size': () => mpi.broadcast(sabView, size),
  'broadcast to root 0.5': () => mpi.broadcast(sabView, 0.5),
  'broadcast of a string': () => mpi.broadcast('text', 0),
  'abort with a string': () => mpi.abort('3'),
  'abort with 1.5': () => mpi.abort(1.5),
};
if (size > 1)
  badCalls['allgatherv with overlapping blocks'] = () => mpi.allgatherv(sabView, counts, overlapping);
const errors = {};
for (const [name, call] of Object.entries(badCalls)) {
  try {
    call();
    errors[name] = 'no error';
  } catch (error) {
    errors[name] = `${error.constructor.name}: ${error.message}`;
  }
}
const untouched = sabView.every((value, i) => Object.is(value, before[i]));

// MPI_THREAD_FUNNELED: a worker thread loads the addon but may not call MPI.
const fromWorker = await new Promise((resolve, reject) => {
  const code = `
    const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)}).then(({ loadMpi }) => {
      const { mpi } = loadMpi();
      const messages = [];
      for (const call of [() => mpi.barrier(), () => mpi.init(), () => mpi.finalize()]) {
        try { call(); messages.push('no error'); } catch (error) { messages.push(error.message); }
      }
      parentPort.postMessage(messages);
    });`;
  const worker = new Worker(code, { eval: true });
  worker.once('message', resolve);
  worker.once('error', reject);
});

// MPI's crash handlers must not replace Node's: a WebAssembly bounds check still throws.
// (module (memory 1) (func (export "load") (param i32) (result i32) local.get 0 i32.load))
const probe = Uint8Array.of(
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  1,
  6,
  1,
  96,
  1,
  127,
  1,
  127,
  3,
  2,
  1,
  0,
  5,
  3,
  1,
  0,
  1,
  7,
  8,
  1,
  4,
  108,
  111,
  97,
  100,
  0,
  0,
  10,
  9,
  1,
  7,
  0,
  32,
  0,
  40,
  2,
  0,
  11,
);
let wasmTrap = 'no trap';
try {
  new WebAssembly.Instance(new WebAssembly.Module(probe)).exports.load(0x7ffffff0);
} catch (error) {
  wasmTrap = error.constructor.name;
}

const report = {
  info,
  sameInfoAgain: JSON.stringify(mpi.init()) === JSON.stringify(info) && Object.isFrozen(info),
  sab: Array.from(sabView),
  sabSentinels: [...new Float32Array(sab, 0, 2), ...new Float32Array(sab, 8 + length * 4, 2)],
  wasm: Array.from(wasmView),
  plain: Array.from(plainView),
  sum32: Array.from(sum32),
  sum64: Array.from(sum64),
  bytes: Array.from(bytes),
  doubles: Array.from(doubles).map((value) => (Object.is(value, -0) ? '-0' : value)),
  errors,
  untouched,
  fromWorker,
  wasmTrap,
};

if (ending === 'abort') {
  writeFileSync(join(reportDir, `rank-${rank}.json`), JSON.stringify(report));
  mpi.barrier(); // every rank has written its report before one aborts
  if (rank === size - 1) mpi.abort(3);
  mpi.barrier(); // never completes: only the abort ends these ranks
  process.exit(0);
}

mpi.barrier();
mpi.finalize();
mpi.finalize();
report.afterFinalize = [() => mpi.barrier(), () => mpi.init()].map((call) => {
  try {
    call();
    return 'no error';
  } catch (error) {
    return error.message;
  }
});
writeFileSync(join(reportDir, `rank-${rank}.json`), JSON.stringify(report));
