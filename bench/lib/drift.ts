/**
 * The heap-drift figures from a series of per-cycle heap samples: the app's heap (everything but compiled code)
 * after warm-up vs the end, and a plateau test on compiled code, with the heap-snapshot diffs that say what grew.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CDPSession } from '@playwright/test';
import { heapAfterGc } from './app';
import { SNAPSHOTS, log } from './env';
import { type HeapSummary, summarizeSnapshot, takeHeapSnapshot, topGrowth } from './heap-snapshot';
import { add } from './report';
import { plateau, summarize } from './stats';

/** One cycle's heap: the JS heap after GC (MB) and its snapshot summed up. */
export interface HeapSample {
  totalMB: number;
  snap: HeapSummary;
}

/** Samples the heap after a cycle; with BENCH_SNAPSHOTS set, writes the snapshot named `tag` there too. */
export async function sampleHeap(cdp: CDPSession, appUrl: string, tag?: string): Promise<HeapSample> {
  const totalMB = await heapAfterGc(cdp);
  const raw = await takeHeapSnapshot(cdp);
  if (SNAPSHOTS && tag) {
    const file = join(SNAPSHOTS, `drift-${tag}.heapsnapshot`);
    writeFileSync(file, JSON.stringify(raw));
    log(`heap snapshot written to ${file}`);
  }
  return { totalMB, snap: summarizeSnapshot(raw, new URL(appUrl).origin) };
}

/** The app's heap: everything in the JS heap but compiled code (MB). */
const appHeap = (s: HeapSample) => s.snap.otherMB;
const pct = (a: number, b: number) => ((b - a) / a) * 100;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);

/** How far V8's compiled code may grow over the last third of the run and still count as a plateau: 1 % of the heap. */
const PLATEAU_SHARE = 0.01;

/** Adds the drift figures: app heap drift (≤ 5 %) and the compiled-code plateau test. */
export function driftFigures(run: {
  series: HeapSample[];
  /** Cycles before `start` (the first one included). */
  warmup: number;
  start: HeapSample;
  seconds: number;
  cycles: number;
  counts: [
    { liveObjectUrls: number; images: number; nodes: number },
    { liveObjectUrls: number; images: number; nodes: number },
  ];
}): void {
  const { series, warmup, start, seconds, cycles, counts } = run;
  const first = series[0]!;
  const end = series.at(-1)!;
  const timed = series.slice(warmup - 1);
  const half = timed[Math.floor(timed.length / 2)]!;
  const totals = timed.map((s) => s.totalMB);
  const growth = pct(appHeap(start), appHeap(end));
  const byType = topGrowth(first.snap.byType, end.snap.byType, 4).join(', ');
  const byCtor = topGrowth(start.snap.byConstructor, end.snap.byConstructor, 5).join(', ');
  log(`heap drift: by type, first → last cycle: ${byType}`);
  log(`heap drift: by constructor (not code), after warm-up → last: ${byCtor}`);
  add({
    id: 'drift.heap',
    label: `Heap drift, the app's heap (all but compiled code), over ${seconds} s (${cycles} cycles after ${warmup} warm-up cycles: scroll, viewer ×3, switch Page, inbox)`,
    unit: '%',
    value: summarize([growth]),
    target: '≤ 5 %',
    max: 5,
    note:
      `heap snapshots after warm-up → end: ${appHeap(start).toFixed(2)} → ${appHeap(end).toFixed(2)} MB (second half ${pct(appHeap(half), appHeap(end)).toFixed(1)} %; from the first cycle, ${appHeap(first).toFixed(2)} MB, ${pct(appHeap(first), appHeap(end)).toFixed(1)} %); ` +
      `grew most, by constructor: ${byCtor || 'nothing'}; ` +
      `whole JS heap after GC ${start.totalMB.toFixed(1)} → ${end.totalMB.toFixed(1)} MB (${pct(start.totalMB, end.totalMB).toFixed(1)} %; min ${Math.min(...totals).toFixed(1)}, max ${Math.max(...totals).toFixed(1)}; second half ${pct(half.totalMB, end.totalMB).toFixed(1)} %; from the first cycle, ${first.totalMB.toFixed(1)} MB, ${pct(first.totalMB, end.totalMB).toFixed(1)} %); ` +
      `live object URLs ${counts[0].liveObjectUrls} → ${counts[1].liveObjectUrls}; <img> ${counts[0].images} → ${counts[1].images}; DOM nodes ${counts[0].nodes} → ${counts[1].nodes}`,
  });

  const code = series.map((s) => s.snap.codeMB);
  const tolerance = PLATEAU_SHARE * start.totalMB;
  const p = plateau(code, tolerance);
  const split = (s: HeapSample) =>
    `app ${mb(s.snap.code.app)}, driver ${mb(s.snap.code.driver)}, other ${mb(s.snap.code.unattributed)}`;
  add({
    id: 'drift.code',
    label: `Heap drift, compiled code (V8 code objects, sampled after each of ${series.length} cycles): growth over the last third of the run`,
    unit: 'MB',
    value: summarize([p.lastThirdGrowth]),
    target: `< 1 % of the heap (${tolerance.toFixed(2)} MB): a plateau`,
    max: tolerance,
    note:
      (p.plateaued
        ? `plateaus at ${p.level.toFixed(2)} MB after ${p.from} cycles`
        : `still growing: ${p.lastThirdGrowth.toFixed(2)} MB over the last third`) +
      `; first cycle ${code[0]!.toFixed(2)} MB, after warm-up ${start.snap.codeMB.toFixed(2)}, end ${end.snap.codeMB.toFixed(2)} MB; ` +
      `by owner (MB), first → end: ${split(first)} → ${split(end)}; ` +
      `grew most, by kind, first → end: ${topGrowth(first.snap.byCodeKind, end.snap.byCodeKind, 4).join(', ')} ` +
      `(functions: ${first.snap.byCodeKind['system / SharedFunctionInfo']?.count ?? 0} → ${end.snap.byCodeKind['system / SharedFunctionInfo']?.count ?? 0}); ` +
      `series every 5 cycles: ${code
        .filter((_, i) => i % 5 === 0 || i === code.length - 1)
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  });
}
