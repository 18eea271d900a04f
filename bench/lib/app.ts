/** Page helpers: open the app, wait for its paint marks, open a thread, read the heap and task time over CDP. */
import { type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { clickAndWait, type Marks } from './page-scripts';

/** Opens the app (or `extra` appended to its URL) in a new tab. */
export async function openApp(context: BrowserContext, url: string, extra = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}${extra}`);
  return page;
}

/** Waits until the init script has recorded every mark in `keys`. */
export async function waitMarks(page: Page, keys: Array<keyof Marks>, timeout = 90_000): Promise<Marks> {
  await page.waitForFunction(
    (ks) => ks.every((k) => window.__benchMarks?.[k as keyof Marks] !== undefined),
    keys,
    {
      timeout,
      polling: 50,
    },
  );
  return (await page.evaluate(() => window.__benchMarks!)) as Marks;
}

/** JS heap in MB after three forced GCs. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize / (1024 * 1024);
}

/**
 * Before a timed click: a full GC (so no collection of what the page did so far lands in the timing) and then a
 * quiet main thread, i.e. three idle periods in a row of nearly the whole 50 ms the browser grants (startup work,
 * live queries' first emissions and image decodes are over), or `timeout` ms. Resolves with the ms it waited.
 */
export async function settle(page: Page, timeout = 3000): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
  return page.evaluate(
    (limit) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        let quiet = 0;
        const tick = (d: IdleDeadline) => {
          quiet = d.timeRemaining() >= 45 ? quiet + 1 : 0;
          const waited = performance.now() - t0;
          if (quiet >= 3 || waited >= limit) resolve(waited);
          else requestIdleCallback(tick);
        };
        requestIdleCallback(tick);
      }),
    timeout,
  );
}

/** Renderer main-thread task time so far (s). */
export async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: Array<{ name: string; value: number }>;
  };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/** Opens the app, goes to the inbox, opens conversation row `row`; returns the page with its messages shown. */
export async function openThread(context: BrowserContext, url: string, row: number) {
  const page = await openApp(context, url, '&benchView=inbox');
  await waitMarks(page, ['inbox']);
  const ms = await page.evaluate(clickAndWait, {
    click: '[data-testid="conversation"]',
    index: row,
    waitFor: '[data-testid="message"]',
    within: '[data-testid="thread"]',
  });
  return { page, ms };
}
