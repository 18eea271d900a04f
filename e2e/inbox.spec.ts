// The merged inbox end to end, through the browser host against a per-test sandbox: both platforms listed, a reply
// delivered exactly once (checked on the sandbox's delivery ledger), offline replies surviving a reload and going
// out in order, the reply window enforced in the composer, and offline search.
import { type Page } from '@playwright/test';
import { expect, sandboxControl, signInDemo, test } from './fixtures';

interface Delivery {
  messageId: string;
  conversationId: string;
  platform: 'messenger' | 'instagram';
  text: string;
  at: number;
}

type Sandbox = Parameters<typeof sandboxControl>[0];

// The first sync after sign-in (backfill of both platforms) can take a while on a loaded machine.
test.describe.configure({ timeout: 240_000 });
const SYNC = { timeout: 90_000 };

async function ledger(sandbox: Sandbox): Promise<Delivery[]> {
  return (await sandboxControl<{ deliveries: Delivery[] }>(sandbox, 'ledger')).deliveries;
}

async function openInbox(page: Page) {
  await signInDemo(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await expect(page.getByTestId('conversation').first()).toBeVisible(SYNC);
}

/** Opens the n-th conversation of the list and waits until its messages and reply window are known. */
async function openConversation(page: Page, n: number) {
  await page.getByTestId('conversation').nth(n).click();
  await expect(page.getByTestId('message').first()).toBeVisible(SYNC);
  await expect(page.locator('form.composer')).toHaveAttribute('data-window', /open|closing/, SYNC);
}

async function reply(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Reply' });
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

const bubble = (page: Page, text: string) => page.getByTestId('message').filter({ hasText: text });

test('demo sign-in lists Messenger and Instagram conversations in one inbox; opening one marks it read', async ({
  app,
}) => {
  await openInbox(app);
  await expect(app.locator('[data-testid=conversation][data-platform=messenger]').first()).toBeVisible();
  await expect(app.locator('[data-testid=conversation][data-platform=instagram]').first()).toBeVisible();
  // Let the first sync finish ("Synced …" in the header, and an unread total that has stopped moving), so the total
  // only moves because of what this test does.
  await expect(app.locator('.shell-status')).toContainText(/Synced/, SYNC);
  const first = app.getByTestId('conversation').first();
  await expect(first).toHaveAttribute('data-unread', 'true');
  const titleUnread = async () => Number(/^\((\d+)\)/.exec(await app.title())?.[1] ?? 0);
  let titleBefore = -1;
  await expect
    .poll(async () => {
      const a = await titleUnread();
      await app.waitForTimeout(1500);
      titleBefore = a === (await titleUnread()) ? a : -1;
      return titleBefore;
    }, SYNC)
    .toBeGreaterThan(0);
  await openConversation(app, 0);
  await expect(app.getByRole('option', { selected: true })).not.toHaveAttribute('data-unread', 'true');
  await expect.poll(titleUnread).toBeLessThan(titleBefore);
  await expect(app.locator('.day-sep').first()).toBeVisible();
  await expect(app.locator('[data-side=in]').first()).toBeVisible();
  await expect(app.locator('[data-side=out]').first()).toBeVisible();
});

test('a reply shows a clock, then a check, and reaches Meta exactly once', async ({ app, sandbox }) => {
  // Slow the Send API down so the queued/sending clock is observable.
  await sandboxControl(sandbox, 'faults', {
    route: 'POST /*/messages',
    kind: 'latency',
    latencyMs: 2500,
    probability: 1,
  });
  await openInbox(app);
  await openConversation(app, 0);
  const text = `Thanks! Your order ships today (e2e ${Date.now()})`;
  await reply(app, text);
  const state = bubble(app, text).getByTestId('delivery');
  await expect(state).toHaveAttribute('data-state', /queued|sending/);
  await expect(state).toHaveAttribute('data-state', 'sent', { timeout: 30_000 });
  await expect.poll(async () => (await ledger(sandbox)).filter((d) => d.text === text).length).toBe(1);
  // The poller's later copy of the same message is adopted, never shown twice.
  await app.waitForTimeout(5000);
  await expect(bubble(app, text)).toHaveCount(1);
  expect((await ledger(sandbox)).filter((d) => d.text === text)).toHaveLength(1);
});

test('a pasted reply over 2,000 characters is refused with the count, nothing is cut or sent; Split sends it all in order', async ({
  app,
  sandbox,
}) => {
  await openInbox(app);
  await openConversation(app, 0);
  const marker = `long-${Date.now()}`;
  const sentences = Array.from(
    { length: 60 },
    (_, i) => `Sentence ${i} of the ${marker} answer, told in full.`,
  );
  const text = sentences.join(' ').padEnd(2_500, ' more.').slice(0, 2_500).trim();
  expect(text.length).toBeGreaterThan(2_400);
  const box = app.getByRole('textbox', { name: 'Reply' });
  await box.fill(text);
  // Nothing was cut: the whole text is in the box, and the count says by how much it is over.
  await expect(box).toHaveValue(text);
  const count = app.getByTestId('composer-count');
  await expect(count).toContainText(`${text.length.toLocaleString('en-US')} / 2,000`);
  await expect(count).toContainText('shorten it or split it');
  await box.press('Enter');
  await app.waitForTimeout(3_000);
  expect((await ledger(sandbox)).filter((d) => d.text.includes(marker))).toHaveLength(0);
  await expect(box).toHaveValue(text);

  // Split: two messages, delivered in order, together the whole text.
  await app.getByRole('button', { name: 'Split into 2 messages' }).click();
  await expect(box).toHaveValue('');
  await expect
    .poll(async () => (await ledger(sandbox)).filter((d) => d.text.includes(marker)).length, {
      timeout: 60_000,
    })
    .toBe(2);
  const parts = (await ledger(sandbox)).filter((d) => d.text.includes(marker)).map((d) => d.text);
  for (const p of parts) expect(p.length).toBeLessThanOrEqual(2_000);
  expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
});

test('offline replies survive closing the app and go out once, in order, when the network returns', async ({
  app,
  context,
  sandbox,
}) => {
  await openInbox(app);
  await openConversation(app, 0);
  const stamp = Date.now();
  const texts = {
    a1: `first offline reply ${stamp}`,
    a2: `second offline reply ${stamp}`,
    b1: `other conversation ${stamp}`,
  };

  // Offline: the OS says so, and the host's inbox calls cannot get through either.
  await context.route('**/bridge/inbox/**', (route) => route.abort('internetdisconnected'));
  await context.setOffline(true);
  const nameA = await app.locator('.thread-title h2').innerText();
  await reply(app, texts.a1);
  await reply(app, texts.a2);
  // Another conversation, by name: a poll before going offline may have moved one above the first.
  await app.getByTestId('conversation').filter({ hasNotText: nameA }).first().click();
  await expect(app.locator('.thread-title h2')).not.toHaveText(nameA);
  const nameB = await app.locator('.thread-title h2').innerText();
  await expect(app.getByRole('textbox', { name: 'Reply' })).toBeEnabled();
  await reply(app, texts.b1);
  await expect(bubble(app, texts.b1).getByTestId('delivery')).toHaveAttribute(
    'data-state',
    /queued|sending|unknown/,
  );

  // Close and reopen the app while the inbox still cannot reach the host.
  await context.setOffline(false);
  await app.reload();
  await expect(app.getByRole('navigation', { name: 'Views' })).toBeVisible();
  expect(await ledger(sandbox)).toHaveLength(0);

  // Back online.
  await context.unroute('**/bridge/inbox/**');
  await expect
    .poll(async () => (await ledger(sandbox)).map((d) => d.text), { timeout: 60_000 })
    .toEqual(expect.arrayContaining(Object.values(texts)));
  const delivered = (await ledger(sandbox)).map((d) => d.text);
  for (const t of Object.values(texts)) expect(delivered.filter((x) => x === t)).toHaveLength(1);
  expect(delivered.indexOf(texts.a1)).toBeLessThan(delivered.indexOf(texts.a2));

  // On screen: each reply once, with a check.
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  const seen: Record<string, number> = {};
  for (const name of [nameA, nameB]) {
    await app.getByTestId('conversation').filter({ hasText: name }).first().click();
    await expect(app.locator('.thread-title h2')).toHaveText(name);
    await expect(app.getByTestId('message').first()).toBeVisible();
    for (const t of Object.values(texts)) {
      const count = await bubble(app, t).count();
      if (count) await expect(bubble(app, t).getByTestId('delivery')).toHaveAttribute('data-state', 'sent');
      seen[t] = (seen[t] ?? 0) + count;
    }
  }
  expect(seen).toEqual({ [texts.a1]: 1, [texts.a2]: 1, [texts.b1]: 1 });
});

test('a reply outside the reply window is refused in the composer with an explanation', async ({
  app,
  sandbox,
}) => {
  await openInbox(app);
  await app.getByRole('tab', { name: 'Messenger' }).click();
  await expect(app.locator('[data-testid=conversation][data-platform=instagram]')).toHaveCount(0);
  // The oldest conversation's last message is weeks old: past 24 h and past the 7-day human agent window.
  const list = app.getByRole('listbox', { name: 'Conversations' });
  await list.focus();
  await list.press('End');
  await list.press('Enter');
  const composer = app.locator('form.composer');
  await expect(composer).toHaveAttribute('data-window', 'closed');
  await expect(app.getByTestId('reply-window')).toContainText(/reply window has closed/i);
  await expect(app.getByRole('textbox', { name: 'Reply' })).toBeDisabled();
  await expect(app.getByRole('button', { name: 'Send' })).toBeDisabled();
  expect(await ledger(sandbox)).toHaveLength(0);
});

test('search finds a stored message offline and opens the thread at it', async ({ app, context }) => {
  await openInbox(app);
  await openConversation(app, 0);
  const text = (await app.locator('[data-side=in] .bubble').last().innerText()).trim();
  const word = text.split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4) ?? text.slice(0, 4);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Home/ }).click();
  await context.setOffline(true);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await app.getByRole('searchbox', { name: 'Search messages' }).fill(word.slice(0, -1));
  const hits = app.getByTestId('search-hit');
  await expect(hits.first()).toBeVisible();
  await expect(app.getByTestId('search-results').locator('mark').first()).toBeVisible();
  await hits.filter({ hasText: word }).first().click();
  await expect(app.locator('.msg-highlight')).toBeVisible();
  await expect(app.locator('.msg-highlight')).toContainText(word);
});
