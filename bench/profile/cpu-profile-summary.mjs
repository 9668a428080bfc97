// Self time by function from a V8 .cpuprofile (node --cpu-prof), the top 14.
//   node bench/profile/cpu-profile-summary.mjs /tmp/p/CPU.….cpuprofile
// WebAssembly functions show as wasm-function[i]: i counts the module's functions in order.
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}`;
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
for (const [key, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 14)) {
  console.log(`${((100 * time) / total).toFixed(1).padStart(5)}%  ${key}`);
}
