/**
 * Heap snapshots of the renderer (CDP `HeapProfiler.takeHeapSnapshot`), summed by V8 node type and by constructor,
 * with compiled code split by the script it belongs to: the app's own bundles (a script URL on the app's origin) or
 * the driver's (Playwright's injected and utility-world scripts, `page.evaluate` functions and init scripts, which
 * have no URL or another one). Used by the heap-drift figure to say whose heap grows.
 */
import { type CDPSession } from '@playwright/test';

/** The parts of V8's heap snapshot format we read (see the `snapshot.meta` of any .heapsnapshot file). */
export interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Bytes and object count of one group. */
export interface Bucket {
  bytes: number;
  count: number;
}

/** A snapshot summed up (bytes are self sizes; Blink's native objects and synthetic roots left out, as in the JS heap). */
export interface HeapSummary {
  /** By V8 node type (`code`, `object`, `string`, `closure`, `array`, `hidden`, …): roughly V8's spaces. */
  byType: Record<string, Bucket>;
  /** By constructor (node name), everything but compiled code. */
  byConstructor: Record<string, Bucket>;
  /** Compiled code by kind (`system / InstructionStream` = machine code of optimised functions, `BytecodeArray`, …). */
  byCodeKind: Record<string, Bucket>;
  /** Compiled code (node type `code`) by owner: the app's scripts, the driver's, or not reachable from a function. */
  code: { app: number; driver: number; unattributed: number };
  codeMB: number;
  otherMB: number;
}

/** Takes a heap snapshot over `cdp` (it forces a full GC first, as V8 always does for a snapshot). */
export async function takeHeapSnapshot(cdp: CDPSession): Promise<RawSnapshot> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return JSON.parse(chunks.join('')) as RawSnapshot;
}

const bump = (into: Record<string, Bucket>, key: string, bytes: number) => {
  const b = (into[key] ??= { bytes: 0, count: 0 });
  b.bytes += bytes;
  b.count++;
};

/**
 * Sums a snapshot. `appOrigin` (e.g. `http://127.0.0.1:4100`) tells the app's scripts from the driver's: a function's
 * `SharedFunctionInfo` points at its `Script` (node name `system / Script / <url>`), and the code hanging off it
 * (bytecode, feedback, optimised code, scope infos) is charged to that script's owner.
 */
export function summarizeSnapshot(snap: RawSnapshot, appOrigin: string): HeapSummary {
  const { meta } = snap.snapshot;
  const nf = meta.node_fields;
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const N = nf.length;
  const E = meta.edge_fields.length;
  const [ti, ni, si, eci] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f)) as [
    number,
    number,
    number,
    number,
  ];
  const [eti, eni, eto] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const { nodes, edges, strings } = snap;
  const count = nodes.length / N;
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n]! + nodes[n * N + eci]! * E;
  const typeOf = (n: number) => types[nodes[n * N + ti]!]!;
  const nameOf = (n: number) => strings[nodes[n * N + ni]!]!;
  /** The node an edge named `name` of node `n` points to, or -1. */
  const edgeTo = (n: number, name: string) => {
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += E) {
      const t = edgeTypes[edges[e + eti]!];
      if ((t === 'internal' || t === 'property') && strings[edges[e + eni]!] === name)
        return edges[e + eto]! / N;
    }
    return -1;
  };

  // Owner of each code node: 1 = app, 2 = driver, 0 = not reached from any function.
  const owner = new Uint8Array(count);
  const scriptOwner = (script: number) =>
    nameOf(script).startsWith(`system / Script / ${appOrigin}`) ? 1 : 2;
  const spread = (from: number, who: number) => {
    const stack = [from];
    while (stack.length) {
      const n = stack.pop()!;
      for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += E) {
        const to = edges[e + eto]! / N;
        if (owner[to] || typeOf(to) !== 'code' || isOwnerRoot(to)) continue;
        owner[to] = who;
        stack.push(to);
      }
    }
  };
  const isOwnerRoot = (n: number) => {
    const name = nameOf(n);
    return name.startsWith('system / SharedFunctionInfo') || name.startsWith('system / Script');
  };
  // Functions first (their own code), then closures (feedback cells and vectors hang off the closure).
  for (let n = 0; n < count; n++) {
    if (typeOf(n) !== 'code' || !nameOf(n).startsWith('system / SharedFunctionInfo')) continue;
    const script = edgeTo(n, 'script');
    if (script < 0) continue;
    owner[n] = scriptOwner(script);
    spread(n, owner[n]!);
  }
  for (let n = 0; n < count; n++) {
    if (typeOf(n) !== 'closure') continue;
    const shared = edgeTo(n, 'shared');
    if (shared >= 0 && owner[shared]) spread(n, owner[shared]!);
  }
  for (let n = 0; n < count; n++) {
    if (typeOf(n) === 'code' && nameOf(n).startsWith('system / Script')) owner[n] = scriptOwner(n);
  }

  const byType: Record<string, Bucket> = {};
  const byConstructor: Record<string, Bucket> = {};
  const byCodeKind: Record<string, Bucket> = {};
  const code = { app: 0, driver: 0, unattributed: 0 };
  let codeBytes = 0;
  let otherBytes = 0;
  for (let n = 0; n < count; n++) {
    const type = typeOf(n);
    // Blink's objects (native) and the snapshot's own roots (synthetic) are not in the JS heap figure.
    if (type === 'native' || type === 'synthetic') continue;
    const size = nodes[n * N + si]!;
    bump(byType, type, size);
    if (type === 'code') {
      codeBytes += size;
      bump(byCodeKind, constructorKey(type, nameOf(n)), size);
      if (owner[n] === 1) code.app += size;
      else if (owner[n] === 2) code.driver += size;
      else code.unattributed += size;
    } else {
      otherBytes += size;
      bump(byConstructor, constructorKey(type, nameOf(n)), size);
    }
  }
  return {
    byType,
    byConstructor,
    byCodeKind,
    code,
    codeMB: codeBytes / 2 ** 20,
    otherMB: otherBytes / 2 ** 20,
  };
}

/** Groups strings, numbers and arrays by kind, and objects by constructor (names trimmed, as DevTools does). */
function constructorKey(type: string, name: string): string {
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return '(string)';
  if (type === 'number' || type === 'heap number') return '(number)';
  if (type === 'array') return `(array) ${name.slice(0, 40)}`;
  if (type === 'closure') return '(closure)';
  if (type === 'regexp') return '(regexp)';
  const parts = name.split(' / ');
  return (parts[0] === 'system' ? parts.slice(0, 2).join(' / ') : parts[0]!).slice(0, 60) || `(${type})`;
}

/** The `top` groups that grew most from `a` to `b`, as `name +x KB (n → m)`. */
export function topGrowth(a: Record<string, Bucket>, b: Record<string, Bucket>, top = 6): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .map((k) => ({
      k,
      d: (b[k]?.bytes ?? 0) - (a[k]?.bytes ?? 0),
      n0: a[k]?.count ?? 0,
      n1: b[k]?.count ?? 0,
    }))
    .sort((x, y) => y.d - x.d)
    .slice(0, top)
    .filter((x) => x.d > 0)
    .map((x) => `${x.k} +${(x.d / 1024).toFixed(0)} KB (${x.n0} → ${x.n1})`);
}
