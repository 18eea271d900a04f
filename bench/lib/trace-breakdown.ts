/**
 * Breaks down a cold-open trace saved by `BENCH_TRACE=1 npm run bench` (bench/lib/trace.ts): the renderer's
 * main-thread time from navigation to the shell's paint, and from the shell's paint to the first feed card, by kind of
 * work. Script time is split by the CPU profiler's samples, each given to the innermost frame of the app's own code
 * on its stack (mapped back through the build's hidden sourcemaps), else to the library it ran in.
 *
 *   npx tsx bench/lib/trace-breakdown.ts [trace.json] [build dir]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { BUILD_DIR } from './env';
import { TRACE_FILE } from './trace';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    data?: {
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
      url?: string;
    };
  };
}
interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number; columnNumber?: number };
}

/** Which app source files are which startup phase (first match wins). */
const APP_PHASES: Array<[RegExp, string]> = [
  [/renderer\/src\/(data\/db|app\/open-store|app\/use-local-store)\.ts/, 'IndexedDB open + upgrade check'],
  [/renderer\/src\/data\/(sync|streams|outbox)\/|app\/use-sync|app\/use-session-gate/, 'sync engine start'],
  [/renderer\/src\/data\/(repos|live)\//, 'store reads (repositories)'],
  [
    /renderer\/src\/features\/inbox\/use-|renderer\/src\/features\/.*\/use-|dexie-react-hooks/,
    'live-query hooks',
  ],
  [/renderer\/src\/(app|features|ui)\//, 'app components (render)'],
  [/renderer\/src\/|shared\//, 'other app code'],
];
/** Libraries, when no app frame is on the stack. */
const LIBRARIES: Array<[RegExp, string]> = [
  [/node_modules\/dexie\//, 'Dexie (IndexedDB callbacks)'],
  [/node_modules\/(react-dom|scheduler|react)\//, 'React (scheduler, reconcile, commit)'],
  [/node_modules\/zod\//, 'zod (schemas)'],
  [/node_modules\/@tanstack\//, 'virtualizer'],
  [/node_modules\//, 'other libraries'],
];

/** What kind of main-thread work a trace event's self time is. */
function kindOf(e: TraceEvent): string {
  const { name: n, cat } = e;
  if (n.startsWith('CpuProfiler::')) return 'tracing overhead (profiler)';
  if (cat.includes('v8.compile') || /^V8\.(Compile|Parse)|^v8\.(compile|parse)/.test(n)) return 'compile';
  if (cat.includes('gc') || /^(MinorGC|MajorGC|BlinkGC)/.test(n)) return 'garbage collection';
  if (/Decode/.test(n)) return 'image decode';
  if (/Layout|Style|UpdateLayoutTree|HitTest/.test(n)) return 'style + layout';
  if (/Paint|Layeriz|Composit|UpdateLifecycle|^Commit$|UpdateLayer|BeginMainFrame/.test(n)) return 'paint';
  if (cat.includes('IndexedDB')) return 'IndexedDB result dispatch (Blink)';
  if (
    /^v8|v8\.execute|devtools\.timeline/.test(cat) &&
    /v8|Function|Script|Microtask|Timer|Async|Callback|Event|Animation/.test(n)
  )
    return 'script';
  if (cat.includes('v8')) return 'script';
  if (cat.includes('loading') || /HTML|Parser/.test(n)) return 'navigation + HTML parse';
  if (/mojo|Mojo|MessagePort|Watcher/.test(n)) return 'IPC messages (mojo)';
  return 'other task work';
}

const loadMap = (() => {
  const cache = new Map<string, TraceMap | null>();
  return (buildDir: string, url: string) => {
    const file = url.replace(/^.*\/assets\//, '');
    if (!cache.has(file)) {
      const path = join(buildDir, 'assets', `${file}.map`);
      cache.set(file, existsSync(path) ? new TraceMap(readFileSync(path, 'utf8')) : null);
    }
    return cache.get(file) ?? null;
  };
})();

/** The source file a profiler frame ran in (through the sourcemap), or its URL. */
function sourceOf(buildDir: string, f: ProfileNode['callFrame']): string {
  const url = f.url ?? '';
  if (!url.includes('/assets/')) return url || f.functionName;
  const map = loadMap(buildDir, url);
  if (!map) return url;
  const pos = originalPositionFor(map, {
    line: (f.lineNumber ?? 0) + 1,
    column: Math.max(0, f.columnNumber ?? 0),
  });
  return pos.source ?? url;
}

function main() {
  const file = process.argv[2] ?? TRACE_FILE;
  const buildDir = process.argv[3] ?? BUILD_DIR;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const marksFile = file.replace(/\.json$/, '.marks.json');
  const pageMarks = existsSync(marksFile)
    ? (JSON.parse(readFileSync(marksFile, 'utf8')) as Record<string, number>)
    : {};
  const mark = (key: string) =>
    events.find((e) => e.name === `bench.${key}` && e.cat.includes('user_timing'));
  const shell = mark('shell');
  const feed = mark('feed');
  if (!shell || !feed) throw new Error('no bench.shell / bench.feed marks in the trace');
  const { pid, tid } = shell;
  // performance.now() is ms since navigation start; the mark's trace timestamp is µs on the trace clock.
  const navTs = pageMarks.shell !== undefined ? shell.ts - pageMarks.shell * 1000 : shell.ts - 0;
  const windows: Array<[string, number, number]> = [
    ['navigation → shell painted', navTs, shell.ts],
    ['shell painted → first feed card painted', shell.ts, feed.ts],
  ];

  // Complete events of the main thread, nested by time, to take each one's self time.
  const main = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);

  // CPU profile samples of the main thread's isolate (the profile whose samples land in this thread's tasks).
  const samples: Array<{ ts: number; node: ProfileNode; nodes: Map<number, ProfileNode> }> = [];
  const profiles = new Map<string, { start: number; last: number; nodes: Map<number, ProfileNode> }>();
  for (const e of events) {
    if (e.pid !== pid) continue;
    if (e.name === 'Profile' && e.id) {
      profiles.set(e.id, {
        start: e.args?.data?.startTime ?? e.ts,
        last: e.args?.data?.startTime ?? e.ts,
        nodes: new Map(),
      });
    } else if (e.name === 'ProfileChunk' && e.id && profiles.has(e.id)) {
      const p = profiles.get(e.id)!;
      for (const n of e.args?.data?.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
      const ids = e.args?.data?.cpuProfile?.samples ?? [];
      const deltas = e.args?.data?.timeDeltas ?? [];
      ids.forEach((id, i) => {
        p.last += deltas[i] ?? 0;
        const node = p.nodes.get(id);
        if (node) samples.push({ ts: p.last, node, nodes: p.nodes });
      });
    }
  }
  samples.sort((a, b) => a.ts - b.ts);
  const ownerOf = (s: (typeof samples)[number]): string => {
    const leaf = s.node.callFrame.functionName;
    if (leaf === '(garbage collector)') return 'garbage collection (profiler)';
    if (leaf === '(program)' || leaf === '(idle)' || leaf === '(root)') return leaf;
    let libraryName: string | null = null;
    for (
      let n: ProfileNode | undefined = s.node;
      n;
      n = n.parent !== undefined ? s.nodes.get(n.parent) : undefined
    ) {
      const src = sourceOf(buildDir, n.callFrame);
      const app = APP_PHASES.find(([re]) => re.test(src) && !src.includes('node_modules'));
      if (app) return app[1];
      libraryName ??= LIBRARIES.find(([re]) => re.test(src))?.[1] ?? null;
    }
    return libraryName ?? 'other script';
  };

  for (const [label, from, to] of windows) {
    const kinds = new Map<string, number>();
    const add = (k: string, us: number) => kinds.set(k, (kinds.get(k) ?? 0) + us);
    // Busy = the union of the main thread's events in the window (tasks nest, so outermost intervals).
    let busy = 0;
    let end = -Infinity;
    for (const t of main) {
      const a = Math.max(from, t.ts, end);
      const b = Math.min(to, t.ts + t.dur!);
      if (b > a) busy += b - a;
      end = Math.max(end, t.ts + t.dur!);
    }
    // Self time by kind: each event's clipped duration minus its clipped children's.
    const stack: TraceEvent[] = [];
    const selfOf = new Map<TraceEvent, number>();
    for (const e of main) {
      while (stack.length && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur! <= e.ts) stack.pop();
      const clip = Math.max(0, Math.min(to, e.ts + e.dur!) - Math.max(from, e.ts));
      selfOf.set(e, (selfOf.get(e) ?? 0) + clip);
      const parent = stack[stack.length - 1];
      if (parent) selfOf.set(parent, (selfOf.get(parent) ?? 0) - clip);
      stack.push(e);
    }
    let script = 0;
    for (const [e, self] of selfOf) {
      if (self <= 0) continue;
      const k = kindOf(e);
      if (k === 'script') script += self;
      else add(k, self);
    }
    // Script self time split by the profiler's samples in the window (their share of the samples).
    const inWindow = samples.filter((s) => s.ts >= from && s.ts < to);
    const owners = new Map<string, number>();
    for (const s of inWindow) {
      const o = ownerOf(s);
      if (o === '(idle)' || o === '(program)' || o === '(root)') continue;
      owners.set(o, (owners.get(o) ?? 0) + 1);
    }
    const sampled = [...owners.values()].reduce((x, y) => x + y, 0);
    for (const [o, n] of owners) add(`script: ${o}`, sampled ? (script * n) / sampled : 0);
    if (!sampled && script) add('script: (no samples)', script);
    const wall = to - from;
    console.log(
      `\n${label}: ${(wall / 1000).toFixed(0)} ms wall, main thread busy ${(busy / 1000).toFixed(0)} ms`,
    );
    console.log('| Main-thread work | ms | % of wall |');
    console.log('|---|---:|---:|');
    for (const [k, us] of [...kinds].sort((x, y) => y[1] - x[1])) {
      if (us < 500) continue;
      console.log(`| ${k} | ${(us / 1000).toFixed(1)} | ${((100 * us) / wall).toFixed(0)} % |`);
    }
    console.log(
      `| main thread idle (waiting: IndexedDB, network, bridge) | ${((wall - busy) / 1000).toFixed(1)} | ${((100 * (wall - busy)) / wall).toFixed(0)} % |`,
    );
  }
  // Script time per bundle chunk (the chunk of the innermost frame of each profiler sample, navigation → card).
  const perChunk = new Map<string, number>();
  for (const x of samples) {
    if (x.ts < navTs || x.ts >= feed.ts) continue;
    const url = x.node.callFrame.url ?? '';
    if (!url.includes('/assets/')) continue;
    const chunk = url.replace(/^.*\/assets\//, '').replace(/-[\w-]{8}\.js$/, '.js');
    perChunk.set(chunk, (perChunk.get(chunk) ?? 0) + 1);
  }
  const total = [...perChunk.values()].reduce((x, y) => x + y, 0);
  console.log('\nScript samples per chunk (navigation → first card):');
  for (const [k, n] of [...perChunk].sort((x, y) => y[1] - x[1]))
    console.log(`  ${((100 * n) / total).toFixed(0).padStart(3)} %  ${k}`);
}

main();
