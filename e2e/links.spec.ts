// Links and chips a user can be fooled or blocked by: a link whose text uses bidi controls to name another host
// shows its real host (post text and a customer's message), and every inbox filter chip is fully visible at
// 1440 px in light and dark and wraps (instead of being cut off) at 200 % zoom.
import { type Page } from '@playwright/test';
import { expect, sandboxControl, signInDemo, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });
const SYNC = { timeout: 90_000 };
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// Reads "https://bank.com//:evil.example" on screen when the RLO is honoured inside the link.
const SPOOF = (tag: string) => `${tag}: https://evil.example/\u202Emoc.knab//:sptth ok`;

/** For every link inside `scope`: its visible text, the host shown for it and the real host of its href. */
function linksIn(page: Page, scope: string) {
  return page.locator(scope).evaluateAll((els) =>
    els.flatMap((el) =>
      [...el.querySelectorAll('a')].map((a) => {
        const badge = a.nextElementSibling?.classList.contains('link-host')
          ? a.nextElementSibling.textContent
          : null;
        const text = a.textContent ?? '';
        return { text, shown: badge ?? new URL(text).hostname, real: new URL(a.href).hostname };
      }),
    ),
  );
}

test('a link using bidi controls shows its real host, in a post and in a message', async ({
  app,
  sandbox,
}) => {
  const state = await sandboxControl<{ pages: Array<{ id: string }> }>(sandbox, 'state');
  const pageId = state.pages[0]!.id;
  await sandboxControl(sandbox, 'posts', { pageId, message: SPOOF('Pay your bill') });
  await signInDemo(app);

  const post = app.getByTestId('post-text').filter({ hasText: 'Pay your bill' });
  await expect(post).toBeVisible(SYNC);
  const postLinks = await linksIn(app, '[data-testid="post-text"]:has-text("Pay your bill")');
  expect(postLinks).toHaveLength(1);
  for (const l of postLinks) {
    expect(l.text).not.toMatch(BIDI);
    expect(l.shown).toBe(l.real);
    expect(l.real).toBe('evil.example');
  }

  await sandboxControl(sandbox, 'inbound', { pageId, platform: 'messenger', text: SPOOF('Your refund') });
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  const conv = app.getByTestId('conversation').filter({ hasText: 'Your refund' }).first();
  await expect(conv).toBeVisible(SYNC);
  await conv.click();
  const msg = app.getByTestId('message').filter({ hasText: 'Your refund' });
  await expect(msg).toBeVisible(SYNC);
  const msgLinks = await linksIn(app, '[data-testid="message"]:has-text("Your refund")');
  expect(msgLinks).toHaveLength(1);
  expect(msgLinks[0]!.text).not.toMatch(BIDI);
  expect(msgLinks[0]!.shown).toBe(msgLinks[0]!.real);
  expect(msgLinks[0]!.real).toBe('evil.example');
});

/** Each filter chip's box lies inside the filter row's box (nothing cut off or scrolled away). */
async function chipsInside(page: Page) {
  return page.locator('.inbox-filters').evaluate((row) => {
    const r = row.getBoundingClientRect();
    return [...row.querySelectorAll('.chip')].map((c) => {
      const b = c.getBoundingClientRect();
      const inside =
        b.left >= r.left - 0.5 &&
        b.right <= r.right + 0.5 &&
        b.top >= r.top - 0.5 &&
        b.bottom <= r.bottom + 0.5;
      return { chip: c.textContent, inside, scrolled: row.scrollWidth > row.clientWidth + 1 };
    });
  });
}

test('every inbox filter chip is fully visible at 1440 px (light and dark) and wraps at 200 % zoom', async ({
  app,
}, info) => {
  await app.setViewportSize({ width: 1440, height: 900 });
  await signInDemo(app);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await expect(app.getByTestId('conversation').first()).toBeVisible(SYNC);
  await expect(app.locator('.chip', { hasText: 'Unread' })).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: scheme });
    await app.screenshot({ path: info.outputPath(`inbox-1440-${scheme}.png`) });
    const chips = await chipsInside(app);
    expect(chips.length).toBeGreaterThanOrEqual(3);
    for (const c of chips) expect(c, `${scheme}: ${c.chip}`).toMatchObject({ inside: true, scrolled: false });
  }
  // 200 % zoom halves the CSS viewport: the chips wrap onto more lines instead of running off the edge.
  await app.setViewportSize({ width: 720, height: 450 });
  await app.screenshot({ path: info.outputPath('inbox-200pct.png') });
  for (const c of await chipsInside(app))
    expect(c, `200 %: ${c.chip}`).toMatchObject({ inside: true, scrolled: false });
});
