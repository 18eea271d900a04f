// Storage pressure: when IndexedDB runs out of quota while sync writes, the user is told in plain words, and a reply
// written then is either durably queued in the outbox or refused with a clear error and kept in the box — never lost.
import { type Page } from '@playwright/test';
import { expect, sandboxControl, signInDemo, test } from './fixtures';
import { idbCounts } from './support/idb';

const SYNC = { timeout: 120_000 };
test.describe.configure({ timeout: 240_000 });

/** What the origin uses now (bytes), as the quota manager counts it. */
const usage = (page: Page) => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

/** The outbox rows and the local copy of a reply, read from the real store. */
function outboxOf(page: Page, text: string) {
  return page.evaluate(async (t) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('duet');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<Array<{ text: string; state: string }>>((resolve, reject) => {
      const req = db.transaction('outbox').objectStore('outbox').getAll();
      req.onsuccess = () => resolve(req.result as Array<{ text: string; state: string }>);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rows.filter((r) => r.text === t).map((r) => r.state);
  }, text);
}

test('a full disk during sync is explained, and a reply is queued durably or refused visibly — never lost', async ({
  app,
  sandbox,
  host,
}) => {
  await signInDemo(app);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await expect(app.getByTestId('conversation').first()).toBeVisible(SYNC);
  await expect.poll(async () => (await idbCounts(app)).messages ?? 0, SYNC).toBeGreaterThan(0);

  // Squeeze the quota to what is stored now, then make sync write a lot more. Chromium's usage figure can lag the
  // files on disk (a squeeze can leave headroom), so squeeze again from the new usage until a write is refused,
  // as on a full disk.
  const cdp = await app.context().newCDPSession(app);
  const state = await sandboxControl<{ pages: Array<{ id: string }> }>(sandbox, 'state');
  const bulk = 'A long announcement that fills the disk. '.repeat(800);
  const alerts = async () => (await app.locator('[role="alert"]').allInnerTexts()).join(' | ');
  // The user is told, in words, that the disk (quota) is full: on the Home view, where the new posts should appear.
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Home/ }).click();
  let published = 0;
  for (let round = 0; round < 4 && !/disk is too full/i.test(await alerts()); round++) {
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: host.origin,
      quotaSize: Math.max(1, (await usage(app)) - 1),
    });
    for (let i = 0; i < 20; i++, published++)
      await sandboxControl(sandbox, 'posts', { pageId: state.pages[0]!.id, message: `${published} ${bulk}` });
    await expect
      .poll(alerts, { timeout: 30_000 })
      .toMatch(/disk is too full/i)
      .catch(() => undefined);
  }
  await expect.poll(alerts, SYNC).toMatch(/disk is too full/i);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();

  // A reply written now: durably queued (in the outbox, shown in the thread) or refused with a clear error while
  // the text stays in the box.
  await app.getByTestId('conversation').first().click();
  await expect(app.locator('form.composer')).toHaveAttribute('data-window', /open|closing/, SYNC);
  const text = `Reply under pressure ${Date.now()}`;
  const box = app.getByRole('textbox', { name: 'Reply' });
  await box.fill(text);
  await box.press('Enter');
  const refused = app.locator('.composer-error[role="alert"]');
  await expect
    .poll(async () => (await outboxOf(app, text)).length > 0 || (await refused.isVisible()), SYNC)
    .toBe(true);
  if (await refused.isVisible()) {
    await expect(refused).toContainText(/disk is too full/i);
    await expect(box).toHaveValue(text);
    // Refused atomically: no half-written outbox entry that could go out later without the user knowing.
    expect(await outboxOf(app, text)).toEqual([]);
  } else {
    await expect(app.getByTestId('message').filter({ hasText: text })).toBeVisible();
  }

  // Space comes back: the reply (queued, or sent again by the user) reaches Meta exactly once.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: host.origin });
  if (await refused.isVisible()) await box.press('Enter');
  await expect
    .poll(
      async () =>
        (await sandboxControl<{ deliveries: Array<{ text: string }> }>(sandbox, 'ledger')).deliveries.filter(
          (d) => d.text === text,
        ).length,
      SYNC,
    )
    .toBe(1);
});

test('with a tiny quota from the first start, the inbox and the feed say the disk is full — not "No conversations yet"', async ({
  app,
  host,
}) => {
  const cdp = await app.context().newCDPSession(app);
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: host.origin,
    quotaSize: (await usage(app)) + 4_096,
  });
  await signInDemo(app);
  const full = /disk is (too )?full/i;
  await expect(app.getByTestId('feed-column').or(app.locator('.splash'))).toContainText(full, SYNC);
  if (await app.getByRole('navigation', { name: 'Views' }).isVisible()) {
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
    await expect(app.locator('main')).toContainText(full, SYNC);
    await expect(app.getByText('No conversations yet')).toHaveCount(0);
  }
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: host.origin });
});
