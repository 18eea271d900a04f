// Bad input from Graph on every stream (feed, media, stories, conversations, messages): the views keep working,
// the user sees how many items were skipped, and injected markup is shown as text — no script ever runs.
import { type Page } from '@playwright/test';
import { expect, sandboxControl, signInDemo, test } from './fixtures';
import { idbCounts } from './support/idb';

/** The sandbox routes of every stream Duet reads (batched sub-requests match them too). */
const STREAM_ROUTES = [
  'GET /*/feed',
  'GET /*/media',
  'GET /*/stories',
  'GET /*/conversations',
  'GET /*/messages',
];
const SYNC = { timeout: 120_000 };

// Each test signs in and syncs every stream of a demo account; on a loaded CI machine that alone can take a minute.
test.describe.configure({ timeout: 240_000 });

declare global {
  interface Window {
    __duetPwned?: unknown;
  }
}

async function faultEveryStream(sandbox: Parameters<typeof sandboxControl>[0], kind: string) {
  for (const route of STREAM_ROUTES) await sandboxControl(sandbox, 'faults', { route, kind });
}

/** Skipped counts per stream as the app stored them (`stream` → total over accounts). */
function storedSkipped(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('duet');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<Array<{ stream: string; skipped: number }>>((resolve, reject) => {
      const req = db.transaction('syncState').objectStore('syncState').getAll();
      req.onsuccess = () => resolve(req.result as Array<{ stream: string; skipped: number }>);
      req.onerror = () => reject(req.error);
    });
    db.close();
    const out: Record<string, number> = {};
    for (const r of rows) out[r.stream] = (out[r.stream] ?? 0) + (r.skipped ?? 0);
    return out;
  });
}

async function openInbox(page: Page) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await expect(page.getByTestId('conversation').first()).toBeVisible(SYNC);
}

async function openDiagnostics(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Open diagnostics' }).click();
  const diag = page.getByTestId('diagnostics');
  // Collecting counts every table of the store; with a sync still writing that can take longer than a click.
  await expect(diag).toBeVisible(SYNC);
  return diag;
}

/** The Skipped cell of a stream's row in the Diagnostics sync table (summed over Pages). */
async function diagnosticsSkipped(page: Page, stream: string): Promise<number> {
  const rows = page
    .getByTestId('diagnostics')
    .locator('tbody tr')
    .filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^${stream}`) }) });
  let total = 0;
  for (const text of await rows.locator('td:nth-child(4)').allInnerTexts()) total += Number(text) || 0;
  return total;
}

for (const kind of ['wrong-types', 'missing-fields', 'bad-time'] as const) {
  test(`${kind} on every stream: the views keep working and show how many items were skipped`, async ({
    app,
    sandbox,
  }) => {
    await faultEveryStream(sandbox, kind);
    await signInDemo(app);

    // Two of every three items still arrive and are shown.
    await expect(app.getByTestId('post-card').first()).toBeVisible(SYNC);
    await expect(app.getByTestId('gallery-tile').first()).toBeVisible(SYNC);
    await expect(app.getByTestId('feed-skipped')).toContainText(/\d+ items? skipped/, SYNC);
    await expect(app.getByTestId('gallery-skipped')).toContainText(/\d+ items? skipped/, SYNC);

    // Conversations and messages: wait until the inbox prefetch has read some threads.
    await expect
      .poll(async () => {
        const s = await storedSkipped(app);
        const streams = ['stories', 'messenger', 'instagram', 'messenger messages', 'instagram messages'];
        return streams.filter((k) => !(s[k]! > 0)).map((k) => `${k}: ${s[k]}`);
      }, SYNC)
      .toEqual([]);
    await openInbox(app);
    await app.getByTestId('conversation').first().click();
    await expect(app.getByTestId('message').first()).toBeVisible(SYNC);

    // The Diagnostics panel lists the skipped count of every stream.
    await openDiagnostics(app);
    for (const stream of [
      'feed',
      'gallery',
      'stories',
      'messenger',
      'instagram',
      'messenger messages',
      'instagram messages',
    ]) {
      expect(await diagnosticsSkipped(app, stream), stream).toBeGreaterThan(0);
    }
    expect((await idbCounts(app)).posts).toBeGreaterThan(0);
  });
}

test('script injection on every stream renders as text and runs nothing', async ({ app, sandbox }) => {
  await app.evaluate(() => {
    delete window.__duetPwned;
  });
  await faultEveryStream(sandbox, 'script-injection');
  await signInDemo(app);
  const pwned = () => app.evaluate(() => window.__duetPwned);

  // Feed: the literal markup is visible as text.
  await expect(app.getByTestId('post-text').filter({ hasText: '<img src=x onerror=' }).first()).toBeVisible(
    SYNC,
  );
  // Gallery: captions carry it too (shown in the tile's label); open one in the viewer.
  await expect(app.getByTestId('gallery-tile').first()).toHaveAttribute('aria-label', /<img src=x/, SYNC);
  expect(await pwned()).toBeUndefined();

  // Inbox: the snippet, the customer's name and the message text.
  await openInbox(app);
  await expect(
    app.getByTestId('conversation').filter({ hasText: '<script>window.__duetPwned=1</script>' }).first(),
  ).toBeVisible();
  await app.getByTestId('conversation').first().click();
  await expect(app.getByTestId('message').filter({ hasText: '<img src=x onerror=' }).first()).toBeVisible(
    SYNC,
  );
  // Stories were fetched with the injected captions as well (stored as text).
  await expect.poll(async () => (await idbCounts(app)).stories ?? 0, SYNC).toBeGreaterThan(0);

  // Nothing was turned into markup: no <img src=x>, no injected <script>, and the canary never fired.
  const injected = await app.evaluate(() => ({
    imgs: document.querySelectorAll('img[src="x"]').length,
    scripts: Array.from(document.scripts).filter((s) => s.textContent?.includes('__duetPwned')).length,
  }));
  expect(injected).toEqual({ imgs: 0, scripts: 0 });
  expect(await pwned()).toBeUndefined();
});

test('malformed JSON on every stream keeps the cached views working, and sync recovers', async ({
  app,
  sandbox,
}) => {
  await signInDemo(app);
  await expect(app.getByTestId('post-card').first()).toBeVisible(SYNC);
  await expect.poll(async () => (await idbCounts(app)).messages ?? 0, SYNC).toBeGreaterThan(0);
  const before = await idbCounts(app);

  await faultEveryStream(sandbox, 'malformed-json');
  // Let several poll ticks hit the truncated bodies.
  await expect
    .poll(
      async () =>
        (await sandboxControl<{ faults: Array<{ hits: number }> }>(sandbox, 'faults')).faults.filter(
          (f) => f.hits > 0,
        ).length,
      SYNC,
    )
    .toBeGreaterThanOrEqual(2);
  await openInbox(app);
  await app.getByTestId('conversation').first().click();
  await expect(app.getByTestId('message').first()).toBeVisible();
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Home/ }).click();
  await expect(app.getByTestId('post-card').first()).toBeVisible();
  const during = await idbCounts(app);
  expect(during.posts).toBeGreaterThanOrEqual(before.posts!);
  expect(during.messages).toBeGreaterThanOrEqual(before.messages!);

  // Once Graph answers properly again, new content arrives.
  await sandboxControl(sandbox, 'faults', undefined, 'DELETE');
  const state = await sandboxControl<{ pages: Array<{ id: string }> }>(sandbox, 'state');
  const message = `Fresh after the storm ${Date.now()}`;
  await sandboxControl(sandbox, 'posts', { pageId: state.pages[0]!.id, message });
  await expect(app.getByTestId('post-text').filter({ hasText: message })).toBeVisible(SYNC);
});

test('HTTP 500s, then malformed JSON, on every call: the header says Facebook is not answering and when it last saved, never "Synced"', async ({
  app,
  sandbox,
}) => {
  await signInDemo(app);
  await expect(app.getByTestId('post-card').first()).toBeVisible(SYNC);
  const status = app.getByTestId('sync-status');
  await expect(status).toContainText('Synced', SYNC);
  // One signed-in page for both kinds: each fault turns the header stale, and recovery turns it back.
  for (const kind of ['http-500', 'malformed-json'] as const) {
    await faultEveryStream(sandbox, kind);
    await expect(status, kind).toContainText(
      /Facebook is not answering — showing what was saved at \d/,
      SYNC,
    );
    await expect(status, kind).not.toContainText('Synced');
    await expect(app.getByTestId('feed-sync'), kind).not.toContainText('Synced');
    // Once Graph answers again, the header says so.
    await sandboxControl(sandbox, 'faults', undefined, 'DELETE');
    await expect(status, kind).toContainText('Synced', SYNC);
  }
});
