/** Memory and CPU: heap after GC at 1k vs 100k messages, heap drift over a long run of cycles, idle CPU when hidden. */
import { type CDPSession, type Page } from '@playwright/test';
import { type Bench, msgPlan } from '../lib/bench';
import { heapAfterGc, openApp, openThread, taskSeconds, waitMarks } from '../lib/app';
import { DRIFT_S, DRIFT_WARMUP, IDLE_S, RUNS, log, sleep } from '../lib/env';
import { driftFigures, sampleHeap } from '../lib/drift';
import { hideWindow, pageCounts, scrollFrames } from '../lib/page-scripts';
import { add } from '../lib/report';
import { summarize } from '../lib/stats';

/** JS heap after GC (MB) with the inbox and conversation row `row` open. */
async function cdpHeap({ context, appUrl }: Bench, row: number): Promise<number> {
  const { page } = await openThread(context, appUrl, row);
  await sleep(1000);
  const cdp = await context.newCDPSession(page);
  const mb = await heapAfterGc(cdp);
  await page.close();
  return mb;
}

/** The heap samples at 1k messages (the baseline of the 100k figure). */
export async function heapAt1k(b: Bench): Promise<number[]> {
  const heap1k: number[] = [];
  for (let i = 0; i < Math.max(3, RUNS - 2); i++) heap1k.push(await cdpHeap(b, 1));
  log(`heap at 1k messages: ${heap1k.map((x) => x.toFixed(1)).join(', ')} MB`);
  return heap1k;
}

/** Seeds 100k messages; heap after GC vs `heap1k` (same view: inbox + the 200-message thread). */
export async function heapFigure(b: Bench, heap1k: number[]): Promise<void> {
  const { seed } = b;
  // --- 100k messages: heap after GC vs 1k (same view: inbox + the 200-message thread).
  await seed('100k messages', { messages: msgPlan(450, 950, 100) });
  const heap100k: number[] = [];
  for (let i = 0; i < Math.max(3, RUNS - 2); i++) heap100k.push(await cdpHeap(b, 1));
  const h1 = summarize(heap1k).median;
  add({
    id: 'heap.100k',
    label: 'Renderer JS heap after GC, 100k messages (inbox + thread open)',
    unit: 'MB',
    value: summarize(heap100k),
    baseline: { label: '1k messages', value: summarize(heap1k) },
    ratio: summarize(heap100k.map((x) => x / h1)),
    target: '≤ 1.5×',
    max: 1.5,
  });
}

/** Heap drift: scroll the feed, open/close pictures in the viewer, switch Pages, visit the inbox; repeat. Then idle. */
export async function driftAndIdleFigures({ context, appUrl }: Bench): Promise<void> {
  const page = await openApp(context, appUrl);
  await waitMarks(page, ['feed', 'gallery']);
  const cdp = await context.newCDPSession(page);
  const cycle = async () => {
    await page.evaluate(scrollFrames, { selector: '[data-testid="feed-scroll"]', step: 300, frames: 60 });
    await page.evaluate(scrollFrames, {
      selector: '[data-testid="gallery-scroll"]',
      step: 300,
      frames: 30,
    });
    for (let k = 0; k < 3; k++) {
      await page.locator('[data-testid="gallery-tile"]').nth(k).click();
      await page.getByTestId('media-viewer').waitFor({ timeout: 10_000 });
      await sleep(200);
      await page.keyboard.press('Escape');
      await page.getByTestId('media-viewer').waitFor({ state: 'detached', timeout: 10_000 });
    }
    const switcher = page.locator('button.account-button');
    if (await switcher.isEnabled()) {
      await switcher.click();
      const items = page.getByRole('menuitemradio');
      const n = await items.count();
      let home = 0;
      for (let k = 0; k < n; k++) if ((await items.nth(k).getAttribute('aria-checked')) === 'true') home = k;
      await items.nth((home + 1) % n).click();
      await sleep(500);
      await switcher.click();
      await page.getByRole('menuitemradio').nth(home).click();
      await page.locator('[data-testid="post-card"]').first().waitFor();
    }
    await page.locator('nav[aria-label="Views"] button').nth(1).click();
    await page.locator('[data-testid="conversation"]').first().waitFor();
    await page
      .locator('[data-testid="conversation"]')
      .nth(Math.floor(Math.random() * 5))
      .click();
    await page.locator('[data-testid="thread"] [data-testid="message"]').first().waitFor();
    await page.locator('nav[aria-label="Views"] button').nth(0).click();
    await page.locator('[data-testid="post-card"]').first().waitFor();
  };
  // Warm-up: the first cycles compile and optimise the code paths they touch and fill the browser's bounded
  // buffers; the app's heap is compared from after WARMUP cycles, and compiled code is followed cycle by cycle.
  await cycle();
  const first = await sampleHeap(cdp, appUrl, 'first');
  const series = [first];
  for (let k = 0; k < DRIFT_WARMUP; k++) {
    await cycle();
    series.push(await sampleHeap(cdp, appUrl));
  }
  const start = series.at(-1)!;
  const countsStart = await page.evaluate(pageCounts);
  const t0 = Date.now();
  let cycles = 0;
  while (Date.now() - t0 < DRIFT_S * 1000) {
    await cycle();
    cycles++;
    series.push(await sampleHeap(cdp, appUrl, Date.now() - t0 >= DRIFT_S * 1000 ? 'last' : undefined));
  }
  const countsEnd = await page.evaluate(pageCounts);
  driftFigures({
    series,
    warmup: DRIFT_WARMUP + 1,
    start,
    seconds: Math.round((Date.now() - t0) / 1000),
    cycles,
    counts: [countsStart, countsEnd],
  });

  await idleFigures(page, cdp);
  await page.close();
}

/** Idle CPU: the same page, visible and focused vs hidden, IDLE_S each; renderer main thread and host process. */
async function idleFigures(page: Page, cdp: CDPSession): Promise<void> {
  const idle = async () => {
    await cdp.send('Performance.enable');
    const r0 = await taskSeconds(cdp);
    const h0 = process.cpuUsage();
    const t = performance.now();
    await sleep(IDLE_S * 1000);
    const wall = (performance.now() - t) / 1000;
    const r1 = await taskSeconds(cdp);
    const h1c = process.cpuUsage(h0);
    return { renderer: ((r1 - r0) / wall) * 100, host: ((h1c.user + h1c.system) / 1e6 / wall) * 100 };
  };
  await sleep(2000);
  const visible = await idle();
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  await page.evaluate(hideWindow);
  const hidden = await idle();
  add({
    id: 'idle.renderer',
    label: `Idle CPU, window hidden: renderer main thread (${IDLE_S} s)`,
    unit: '% of a core',
    value: summarize([hidden.renderer]),
    baseline: { label: 'visible, idle', value: summarize([visible.renderer]) },
  });
  add({
    id: 'idle.host',
    label: `Idle CPU, window hidden: host process (${IDLE_S} s; includes the bench driver)`,
    unit: '% of a core',
    value: summarize([hidden.host]),
    baseline: { label: 'visible, idle', value: summarize([visible.host]) },
  });
}
