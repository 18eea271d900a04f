/**
 * BENCH_TRACE=1: saves a Chromium performance trace of one large-cache cold open (to the first feed card and gallery
 * tile) to `bench/results/trace-cold-open.json`, for `npx tsx bench/lib/trace-breakdown.ts` to break down.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type BrowserContext } from '@playwright/test';
import { waitMarks } from './app';
import { log, sleep } from './env';

/** Whether this run saves a trace (BENCH_TRACE=1); the renderer is then also built with hidden sourcemaps. */
export const TRACE = process.env.BENCH_TRACE === '1';
/** Where the trace goes (gitignored: tens of MB); its breakdown is what bench/README.md keeps. */
export const TRACE_FILE = resolve(process.env.BENCH_OUT ?? 'bench/results', 'trace-cold-open.json');

/**
 * What is recorded: the timeline (tasks, script evaluation, style, layout, paint, image decode), V8 compile and the
 * sampling CPU profiler (which function ran, mapped back to source files by the breakdown), user-timing marks (the
 * bench's `bench.shell` / `bench.feed` / `bench.gallery`) and IndexedDB's own events.
 */
const CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.compile',
  'disabled-by-default-v8.cpu_profiler',
  'blink',
  'blink.user_timing',
  'loading',
  'IndexedDB',
];

/** Opens the app once with tracing on, waits for the first card and tile, saves the trace and the page's marks. */
export async function traceColdOpen(context: BrowserContext, url: string): Promise<void> {
  const browser = context.browser();
  if (!browser) throw new Error('tracing needs a launched browser');
  const page = await context.newPage();
  mkdirSync(dirname(TRACE_FILE), { recursive: true });
  await browser.startTracing(page, { path: TRACE_FILE, categories: CATEGORIES });
  await page.goto(url);
  const marks = await waitMarks(page, ['shell', 'feed', 'gallery']);
  await sleep(300);
  await browser.stopTracing();
  await page.close();
  writeFileSync(TRACE_FILE.replace(/\.json$/, '.marks.json'), JSON.stringify(marks));
  log(`trace of one cold open saved to ${TRACE_FILE} (npx tsx bench/lib/trace-breakdown.ts)`);
}
