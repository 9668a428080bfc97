// A workspace for dropout holds two more buffers (keep factors, masked output) for each hidden
// layer that drops, after the others: the byte length grows by exactly those, a placed workspace
// fits in it, and the new buffers overlap nothing.
import { describe, expect, it } from 'vitest';
import { createMlp } from './mlp.js';
import { createWorkspace, workspaceByteLength } from './workspace.js';

const mlp = createMlp({
  sizes: [3, 7, 5, 2],
  activation: 'gelu',
  loss: 'ce',
  outActivation: 'identity',
  dtype: 'f64',
});
const aligned = (bytes: number) => Math.ceil(bytes / 16) * 16;

describe('workspace with dropout', () => {
  it('adds two buffers per dropping layer, and none for rate 0', () => {
    const rows = 9;
    const plain = workspaceByteLength(mlp, rows);
    expect(workspaceByteLength(mlp, rows, [0, 0])).toBe(plain);
    expect(workspaceByteLength(mlp, rows, [0, 0.5])).toBe(plain + 2 * aligned(rows * 5 * 8));
    expect(workspaceByteLength(mlp, rows, [0.1, 0.5])).toBe(
      plain + 2 * aligned(rows * 7 * 8) + 2 * aligned(rows * 5 * 8),
    );
    const ws = createWorkspace(mlp, rows, { dropout: [0, 0.5] });
    expect(ws.keepFactors[0]).toBeNull();
    expect(ws.dropped[0]).toBeNull();
    expect(ws.keepFactors[1]!.length).toBe(rows * 5);
  });

  it('placed: the buffers fit the byte length and overlap nothing', () => {
    const rows = 5;
    const dropout = [0.2, 0.3];
    const bytes = workspaceByteLength(mlp, rows, dropout);
    const buffer = new ArrayBuffer(bytes + 32);
    const ws = createWorkspace(mlp, rows, { placement: { buffer, byteOffset: 16 }, dropout });
    const views = [
      ws.input,
      ...ws.activations,
      ws.deltaA,
      ws.deltaB,
      ws.labels,
      ws.targets,
      ...ws.preActivations.filter((b) => b !== null),
      ...ws.keepFactors.filter((b) => b !== null),
      ...ws.dropped.filter((b) => b !== null),
    ];
    const spans = views
      .map((v) => [v.byteOffset, v.byteOffset + v.byteLength] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    expect(spans.at(-1)![1]).toBeLessThanOrEqual(16 + bytes);
    expect(ws.keepFactors.every((b) => b !== null)).toBe(true);
  });
});
