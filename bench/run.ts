// `npm run bench`: the performance report. Builds the renderer and the bench page into a private folder, starts the
// sandbox (`large` seed) and the browser host, signs in with the demo in Debian Chromium, then seeds the app's store
// through the repositories the sync streams use and measures the composer's open and enqueue latency, ingest, cold
// open, scrolling, inbox scaling, send latency, heap, heap drift, idle CPU, bundle size and the store size on disk. Prints a table; writes bench/results/latest.{json,md}.
// Options (env): BENCH_RUNS (4) repetitions per timed figure, BENCH_DRIFT_S (600) length of the heap-drift run after
// BENCH_DRIFT_WARMUP (10) warm-up cycles, BENCH_IDLE_S (30) length of each idle-CPU window, BENCH_OUT (bench/results) output folder,
// BENCH_STOP_AFTER (a step name, e.g. `ingest`) stops after that step and writes the figures so far (a quick check).
// The scenarios are in bench/scenarios/ (one file per kind of figure), the helpers in bench/lib/.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startSandbox, type SandboxHandle } from '../sandbox/index';
import { browserPlatformBase } from '../electron/browser-host/platform';
import { type BrowserHost, startBrowserHost } from '../electron/browser-host/server';
import { createHostCore } from '../electron/services/index';
import { META_HOSTS } from '../e2e/fixtures';
import { CHROMIUM_ARGS, resolveChromium } from '../e2e/support/chromium';
import { openApp, waitMarks } from './lib/app';
import { type Bench, type Plan, msgPlan } from './lib/bench';
import { build, bundleFigures } from './lib/build';
import { BUILD_DIR, RUNS, STOP_AFTER, log, sleep } from './lib/env';
import { installMarks } from './lib/page-scripts';
import { load0, writeResults } from './lib/report';
import { driftAndIdleFigures, heapAt1k, heapFigure } from './scenarios/heap';
import { commentsFigures } from './scenarios/comments';
import { exportFigures } from './scenarios/export';
import { ingestFigures } from './scenarios/ingest';
import { insightsFigures } from './scenarios/insights';
import { inboxScaleFigures } from './scenarios/inbox-scale';
import { coldOpenFigures, sendFigure } from './scenarios/open';
import { publishFigures } from './scenarios/publish';
import { storeSizeFigure } from './scenarios/store-size';
import { type ScrollRun, feedScroll, scrollFigures } from './scenarios/scroll';

/** What main() starts and must stop. */
interface Running {
  sandbox: SandboxHandle;
  sandboxOpen: boolean;
  host: BrowserHost;
  browser: Browser;
  dataDir: string;
  closers: Array<() => Promise<void>>;
}

async function main() {
  log(
    `load average ${load0.map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores; runs per figure: ${RUNS}`,
  );
  log(`building the renderer and the bench page into ${BUILD_DIR}`);
  build();
  bundleFigures();

  const sandbox = await startSandbox({ seed: 42, scale: 'large', live: false });
  log(`sandbox (large) at ${sandbox.url}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'duet-bench-'));
  const host = await startBrowserHost({
    rendererDir: BUILD_DIR,
    platform: browserPlatformBase(join(dataDir, 'host'), { DUET_APP_ID: '1234567890' }),
    createCore: (platform) =>
      createHostCore(platform, { startSandbox: async () => ({ url: sandbox.url, close: async () => {} }) }),
  });
  const browser = await chromium.launch({
    executablePath: resolveChromium(),
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  let complete = true;
  const running: Running = { sandbox, sandboxOpen: true, host, browser, dataDir, closers: [] };
  try {
    const b = await prepare(running);
    let feed100: ScrollRun | undefined;
    let heap1k: number[] = [];
    // The order matters: each step grows the store the next figures need.
    const steps: Array<[name: string, run: () => Promise<void>]> = [
      // First, on an empty store, so `BENCH_STOP_AFTER=publish` measures it alone (it leaves the store empty).
      ['publish', () => publishFigures(b)],
      ['insights', () => insightsFigures(b)],
      ['comments', () => commentsFigures(b)],
      ['ingest', () => ingestFigures(b)],
      ['export', () => exportFigures()],
      // Its own on-disk profile and store (the main one is in memory), so it needs none of the stages below.
      ['store-size', () => storeSizeFigure(b)],
      [
        // 100 items: DOM size of the scrolled feed (baseline for the 10k figure).
        'small-feed',
        async () => {
          await b.seed('100 posts/media', { posts: [0, 100], media: [0, 100] });
          feed100 = await feedScroll(b);
        },
      ],
      [
        // Large store: ≥10k posts, ≥10k media, 2,200 conversations, 1k messages (C1 has 200).
        'large-store',
        async () => {
          await b.seed('large store, 1k messages', {
            posts: [100, 10_500],
            media: [100, 10_500],
            conversations: [0, 2_200],
            messages: [[1, 0, 200], ...msgPlan(2, 10, 100)],
          });
          heap1k = await heapAt1k(b);
        },
      ],
      ['cold-open', () => coldOpenFigures(b)],
      ['inbox-scale', () => inboxScaleFigures(b)],
      ['scroll', () => scrollFigures(b, feed100 as ScrollRun)],
      ['send', () => sendFigure(b)],
      ['heap', () => heapFigure(b, heap1k)],
      ['drift-idle', () => driftAndIdleFigures(b)],
    ];
    for (const [name, run] of steps) {
      await run();
      if (STOP_AFTER === name) {
        log(`BENCH_STOP_AFTER=${name}: stopping here`);
        complete = false;
        break;
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    for (const close of running.closers) await close().catch(() => undefined);
    await host.close().catch(() => undefined);
    if (running.sandboxOpen) await sandbox.close().catch(() => undefined);
    // The media cache may still be writing a temporary file: retry, and never let cleanup hide the step's error.
    try {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (err) {
      log(`could not remove ${dataDir}: ${String(err)}`);
    }
  }

  writeResults(complete);
}

/**
 * Signs in with the demo against the large sandbox, stops the sandbox (from then on the app runs from its store),
 * opens the bench pages and the two extra origins.
 */
async function prepare(running: Running): Promise<Bench> {
  const { sandbox, host, browser, dataDir, closers } = running;
  const appUrl = host.url;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route(META_HOSTS, (route) => route.abort('blockedbyclient'));
  // tsx (esbuild keepNames) wraps named functions in `__name(...)`; functions we hand to the page need it too.
  await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  await context.addInitScript(installMarks);

  // Sign in with the demo against the large sandbox; the first pages sync and their pictures get cached.
  const signin = await openApp(context, appUrl);
  await signin.getByRole('button', { name: 'Try the demo' }).click();
  await waitMarks(signin, ['shell', 'feed', 'gallery'], 180_000);
  await sleep(4000);
  await signin.close();

  const benchPage = await context.newPage();
  // A fresh one-time link (the app's link was spent by the sign-in page; this context has the cookie anyway).
  await benchPage.goto(host.launchUrl('/bench/bench.html'));
  await benchPage.waitForFunction(() => !!window.__duetBench);
  const snap = await benchPage.evaluate(() => window.__duetBench!.snapshot());
  const accountId = snap.accountIds[0];
  if (!accountId) throw new Error('the demo sign-in stored no rows');
  log(
    `signed in: account ${accountId}; synced so far ${JSON.stringify(snap.counts)}; ${snap.refs.length} cached picture refs`,
  );
  // From here on the app runs from its local store only (the sandbox is stopped): cold opens, scrolling and the
  // inbox read what is stored, and no background backfill of the large seed competes for the 2 cores.
  await sandbox.close();
  running.sandboxOpen = false;
  await benchPage.evaluate(() => window.__duetBench!.clear());
  // A second host on the same data folder (same signed-in demo session) has another origin, hence an empty
  // IndexedDB: the empty shell of the same build, measured alternately with the large-cache opens.
  const extraHost = async () => {
    const h = await startBrowserHost({
      rendererDir: BUILD_DIR,
      platform: browserPlatformBase(join(dataDir, 'host'), { DUET_APP_ID: '1234567890' }),
      createCore: (platform) =>
        createHostCore(platform, {
          startSandbox: async () => ({ url: sandbox.url, close: async () => {} }),
        }),
    });
    closers.push(() => h.close());
    return h;
  };
  const emptyHost = await extraHost();
  // A third origin keeps the 5k-message store while the main one grows to 50k, so the scaling runs alternate.
  const smallHost = await extraHost();
  const smallBench = await context.newPage();
  await smallBench.goto(smallHost.launchUrl('/bench/bench.html'));
  await smallBench.waitForFunction(() => !!window.__duetBench);
  const base = Date.now() - 10 * 60_000;

  const seedOn = async (bp: Page, label: string, plan: Plan) => {
    const ms = await bp.evaluate((p) => window.__duetBench!.seed(p), {
      accountId,
      refs: snap.refs.slice(0, 40),
      base,
      ...plan,
    });
    const counts = await bp.evaluate(() => window.__duetBench!.counts());
    // Let IndexedDB's LevelDB settle (compaction after a big write) before anything is timed.
    await sleep(5000);
    log(
      `seeded ${label} in ${(ms / 1000).toFixed(1)} s: posts ${counts.posts}, media ${counts.media}, conversations ${counts.conversations}, messages ${counts.messages}`,
    );
  };
  const seed = (label: string, plan: Plan) => seedOn(benchPage, label, plan);
  return { context, appUrl, accountId, benchPage, emptyHost, smallHost, smallBench, seedOn, seed };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    log(`${signal}: writing the figures measured so far`);
    writeResults(false);
    process.exit(130);
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
