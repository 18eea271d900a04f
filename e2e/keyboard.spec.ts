// A keyboard-only journey: no mouse at all. Sign in to the demo, read a post, open the viewer, go to the inbox,
// answer a conversation, search, open settings — every step by keys, with focus always somewhere visible.
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SYNC = { timeout: 60_000 };

/** Presses Tab (or Shift+Tab) until the target has focus; fails if it is not reached within `max` presses. */
async function tabTo(page: Page, target: Locator, opts: { back?: boolean; max?: number } = {}) {
  for (let i = 0; i < (opts.max ?? 80); i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) {
      return;
    }
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** The focused element shows a focus indicator (the :focus-visible ring or an outline). */
async function expectVisibleFocus(page: Page) {
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'nothing focused';
    const s = getComputedStyle(el);
    const shown =
      (s.boxShadow !== 'none' && s.boxShadow !== '') ||
      (s.outlineStyle !== 'none' && s.outlineWidth !== '0px');
    return shown ? 'ring' : `no ring on ${el.outerHTML.slice(0, 120)}`;
  });
  expect(ring).toBe('ring');
}

test('the whole journey works from the keyboard alone', async ({ app }) => {
  test.setTimeout(180_000);
  const page = app;

  // Sign in: the demo button has focus on arrival.
  await expect(page.getByRole('button', { name: 'Try the demo' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();

  // Read a post: Tab reaches the first post's link, the post is on screen, and focus is visible.
  const post = page.getByTestId('post-card').first();
  await expect(post).toBeVisible(SYNC);
  await tabTo(page, post);
  await expectVisibleFocus(page);
  await expect(post.getByTestId('post-text')).toBeInViewport();

  // Open the viewer from the gallery (past the long feed with the skip button), move to the next slide, close it:
  // focus returns to the tile.
  const tile = page.getByTestId('gallery-tile').first();
  await expect(tile).toBeVisible(SYNC);
  const skip = page.getByRole('button', { name: 'Skip to Instagram gallery' });
  await tabTo(page, skip, { back: true });
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await tabTo(page, tile);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  const viewer = page.getByTestId('media-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(tile).toBeFocused();

  // Go to the inbox: focus moves to the view's heading.
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeFocused();
  const list = page.getByRole('listbox', { name: 'Conversations' });
  await expect(page.getByTestId('conversation').first()).toBeVisible(SYNC);
  await tabTo(page, list);
  await expectVisibleFocus(page);

  // Answer a conversation: Enter opens the active one, the reply box takes focus, Enter sends.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message').first()).toBeVisible(SYNC);
  await expect(page.locator('form.composer')).toHaveAttribute('data-window', /open|closing/, SYNC);
  const box = page.getByRole('textbox', { name: 'Reply' });
  await expect(box).toBeFocused();
  const text = `Typed without a mouse ${Date.now()}`;
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('message').filter({ hasText: text })).toBeVisible();

  // The thread is a scroll region the keyboard reaches and scrolls.
  const thread = page.getByTestId('thread');
  await tabTo(page, thread, { back: true });
  await expectVisibleFocus(page);
  const before = await thread.evaluate((el) => el.scrollTop);
  await page.keyboard.press('PageUp');
  await expect.poll(() => thread.evaluate((el) => el.scrollTop)).toBeLessThan(before);

  // Search: type a word, Tab to the first hit, Enter opens it at the message.
  const search = page.getByRole('searchbox', { name: 'Search messages' });
  await tabTo(page, search, { back: true });
  await page.keyboard.type('Typed without');
  const hit = page.getByTestId('search-hit').first();
  await expect(hit).toBeVisible(SYNC);
  await tabTo(page, hit);
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.locator('.msg-highlight')).toContainText('Typed without a mouse');

  // Open settings with its shortcut; Esc closes it and focus comes back to where it was.
  const focusedBefore = await page.evaluate(() => document.activeElement?.outerHTML);
  await page.keyboard.press('Control+,');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  await expect(settings.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  expect(await page.evaluate(() => document.activeElement?.outerHTML)).toBe(focusedBefore);
});
