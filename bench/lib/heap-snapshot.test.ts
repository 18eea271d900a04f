import { describe, expect, it } from 'vitest';
import { type RawSnapshot, summarizeSnapshot, topGrowth } from './heap-snapshot';

const TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'native', 'synthetic'];

/** A tiny snapshot in V8's format: nodes as [type, name, size, edges: [edge name, to]]. */
function snapshot(nodes: Array<[string, string, number, Array<[string, number]>]>): RawSnapshot {
  const strings: string[] = [];
  const str = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  nodes.forEach(([type, name, size, edges], id) => {
    flatNodes.push(TYPES.indexOf(type), str(name), id, size, edges.length, 0);
    for (const [edge, to] of edges) flatEdges.push(3, str(edge), to * 6);
  });
  return {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'detachedness'],
        node_types: [TYPES],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak']],
      },
    },
    nodes: flatNodes,
    edges: flatEdges,
    strings,
  };
}

const snap = snapshot([
  [
    'synthetic',
    '(GC roots)',
    0,
    [
      ['a', 1],
      ['b', 4],
      ['c', 9],
      ['d', 10],
      ['e', 11],
    ],
  ],
  [
    'closure',
    'appFn',
    32,
    [
      ['shared', 2],
      ['feedback_cell', 6],
    ],
  ],
  [
    'code',
    'system / SharedFunctionInfo / appFn',
    40,
    [
      ['script', 3],
      ['function_data', 7],
    ],
  ],
  ['code', 'system / Script / http://127.0.0.1:4100/assets/index.js', 100, []],
  ['closure', 'queryAll', 32, [['shared', 5]]],
  ['code', 'system / SharedFunctionInfo / queryAll', 50, [['script', 8]]],
  ['code', 'system / FeedbackCell', 16, []],
  ['code', 'system / BytecodeArray', 200, []],
  ['code', 'system / Script / ', 10, []],
  ['code', 'system / InstructionStream', 300, []],
  ['object', 'Conversation', 24, []],
  ['native', 'HTMLDivElement', 1000, []],
]);

describe('summarizeSnapshot', () => {
  const s = summarizeSnapshot(snap, 'http://127.0.0.1:4100');

  it("charges a function's code to its script's owner: the app's origin, or the driver's scripts without a URL", () => {
    expect(s.code).toEqual({ app: 40 + 100 + 16 + 200, driver: 50 + 10, unattributed: 300 });
  });

  it("leaves Blink's native objects out and sums the rest by type and by constructor", () => {
    expect(s.codeMB * 2 ** 20).toBe(716);
    expect(s.otherMB * 2 ** 20).toBe(32 + 32 + 24);
    expect(s.byType.native).toBeUndefined();
    expect(s.byConstructor.Conversation).toEqual({ bytes: 24, count: 1 });
    expect(s.byConstructor['(closure)']).toEqual({ bytes: 64, count: 2 });
    expect(s.byCodeKind['system / SharedFunctionInfo']).toEqual({ bytes: 90, count: 2 });
    expect(s.byCodeKind['system / InstructionStream']).toEqual({ bytes: 300, count: 1 });
  });

  it('charges nothing to the app when the app is on another origin', () => {
    expect(summarizeSnapshot(snap, 'http://127.0.0.1:4200').code.app).toBe(0);
  });
});

describe('topGrowth', () => {
  it('lists what grew most, largest first, and leaves out what shrank', () => {
    const a = { A: { bytes: 1024, count: 1 }, B: { bytes: 4096, count: 4 } };
    const b = { A: { bytes: 3072, count: 3 }, B: { bytes: 2048, count: 2 }, C: { bytes: 1024, count: 1 } };
    expect(topGrowth(a, b)).toEqual(['A +2 KB (1 → 3)', 'C +1 KB (0 → 1)']);
  });
});
