// The Facebook feed and the Instagram gallery side by side, through the browser host against the sandbox:
// filling on first sign-in, the media viewer, live updates, malformed items and hostile text.
import { expect, sandboxControl, signInDemo, test } from './fixtures';
import { visibleImages } from './support/images';

// These journeys run against a real Chromium, host and sandbox on shared, busy machines: generous waits.
test.describe.configure({ timeout: 240_000 });

type SandboxState = { pages: Array<{ id: string; name: string; instagramId?: string }> };

async function firstPage(sandbox: Parameters<typeof sandboxControl>[0]) {
  const state = await sandboxControl<SandboxState>(sandbox, 'state');
  return state.pages.find((p) => p.name === 'Rivera Candle Co.') ?? state.pages[0]!;
}

/** Every visible <img> inside `selector` has decoded bytes (no broken or missing pictures). */

test('demo sign-in fills both columns from the top with visible progress and a stories row', async ({
  app,
}) => {
  await signInDemo(app);
  const feedSync = app.getByTestId('feed-sync');
  await expect(feedSync).toContainText(/Syncing feed… \d+ posts?|Synced|Last synced/);
  await expect(app.getByTestId('post-card').first()).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('gallery-tile').first()).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('stories-row')).toBeVisible();
  expect(await app.getByTestId('story').count()).toBeGreaterThanOrEqual(5);
  // Progress counts up while older pages continue, then settles on "synced".
  await expect(feedSync).toContainText(/Syncing feed… (2[5-9]|[3-9]\d|1\d\d) posts|Synced|Last synced/, {
    timeout: 60_000,
  });
  await expect(feedSync).toContainText(/Synced|Last synced/, { timeout: 120_000 });
  await expect(app.getByTestId('offline-banner')).toBeHidden();
  // Only a window of the 120 posts is in the DOM (virtualized), yet all are stored.
  expect(await app.getByTestId('post-card').count()).toBeLessThan(20);
  await expect
    .poll(async () => (await visibleImages(app, '[data-testid=gallery-scroll]')).loaded, {
      timeout: 60_000,
    })
    .toBeGreaterThan(4);
  await app.screenshot({ path: test.info().outputPath('home-light.png') });
});

test('opens a carousel and a video in the viewer with keyboard navigation', async ({ app }) => {
  await signInDemo(app);
  const carousel = app.locator('[data-testid=gallery-tile][data-kind=carousel]').first();
  await expect(carousel).toBeVisible({ timeout: 60_000 });
  await carousel.click();
  const viewer = app.getByTestId('media-viewer');
  await expect(viewer).toBeVisible();
  const dots = viewer.getByTestId('viewer-dots');
  await expect(dots.getByRole('button', { name: 'Go to slide 1' })).toHaveAttribute('aria-current', 'true');
  await app.keyboard.press('ArrowRight');
  await expect(dots.getByRole('button', { name: 'Go to slide 2' })).toHaveAttribute('aria-current', 'true');
  await viewer.getByRole('button', { name: 'Previous photo' }).click();
  await expect(dots.getByRole('button', { name: 'Go to slide 1' })).toHaveAttribute('aria-current', 'true');
  await expect
    .poll(async () => (await visibleImages(app, '.viewer-stage')).loaded, { timeout: 45_000 })
    .toBe(1);
  await expect(viewer.getByRole('link', { name: /Open on Instagram/ })).toHaveAttribute(
    'rel',
    'noopener noreferrer',
  );
  await app.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  // Focus returns to the tile that opened the viewer.
  await expect(carousel).toBeFocused();

  const video = app
    .locator('[data-testid=gallery-tile][data-kind=video], [data-testid=gallery-tile][data-kind=reel]')
    .first();
  await video.scrollIntoViewIfNeeded();
  await video.click();
  const player = app.getByTestId('viewer-video');
  await expect(player).toBeVisible();
  // The host serves the clip with Range support; the browser can read its metadata and duration.
  await expect
    .poll(() => player.evaluate((v: HTMLVideoElement) => (v.readyState >= 1 ? v.duration : 0)), {
      timeout: 60_000,
    })
    .toBeGreaterThan(1);
  await app.keyboard.press('Escape');
  await expect(player).toBeHidden();
});

test('a post published upstream appears at the top within the poll interval', async ({ app, sandbox }) => {
  await signInDemo(app);
  await expect(app.getByTestId('post-card').first()).toBeVisible({ timeout: 60_000 });
  const page = await firstPage(sandbox);
  await sandboxControl(sandbox, 'posts', {
    pageId: page.id,
    message: 'Fresh from the oven: pumpkin spice is back 🎃',
  });
  await expect(app.getByTestId('post-card').first().getByTestId('post-text')).toHaveText(
    /pumpkin spice is back/,
    {
      timeout: 45_000,
    },
  );
});

test('new posts do not move what the user is reading; a pill offers to jump up', async ({ app, sandbox }) => {
  await signInDemo(app);
  await expect(app.getByTestId('feed-sync')).toContainText(/Synced|Last synced/, { timeout: 120_000 });
  const scroller = app.getByTestId('feed-scroll');
  await scroller.evaluate((el) => el.scrollTo({ top: 2500 }));
  await app.waitForTimeout(300);
  const anchor = async () =>
    app.evaluate(() => {
      const box = document.querySelector('[data-testid=feed-scroll]')!.getBoundingClientRect();
      const card = Array.from(document.querySelectorAll<HTMLElement>('[data-testid=post-card]')).find(
        (c) => c.getBoundingClientRect().top >= box.top,
      )!;
      return { id: card.dataset.postId, top: Math.round(card.getBoundingClientRect().top) };
    });
  const before = await anchor();
  const page = await firstPage(sandbox);
  await sandboxControl(sandbox, 'posts', { pageId: page.id, message: 'Posted while you were reading' });
  await expect(app.getByTestId('feed-new-pill')).toHaveText(/1 new post/, { timeout: 45_000 });
  const after = await anchor();
  expect(after.id).toBe(before.id);
  expect(Math.abs(after.top - before.top)).toBeLessThan(4);
  await app.getByTestId('feed-new-pill').click();
  await expect(app.getByTestId('post-card').first().getByTestId('post-text')).toHaveText(
    /Posted while you were reading/,
  );
});

test('malformed items are skipped and counted; the rest still shows', async ({ app, sandbox }) => {
  await sandboxControl(sandbox, 'faults', { route: 'GET /*/feed', kind: 'wrong-types', probability: 1 });
  await sandboxControl(sandbox, 'faults', { route: 'GET /*/media', kind: 'missing-fields', probability: 1 });
  await signInDemo(app);
  await expect(app.getByTestId('feed-skipped')).toContainText(/\d+ items? skipped — details in Diagnostics/, {
    timeout: 60_000,
  });
  await expect(app.getByTestId('gallery-skipped')).toContainText(/\d+ items? skipped/, { timeout: 60_000 });
  await expect(app.getByTestId('post-card').first()).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('gallery-tile').first()).toBeVisible({ timeout: 60_000 });
});

test('HTML and script in post text and captions render as text and run nothing', async ({ app, sandbox }) => {
  await sandboxControl(sandbox, 'faults', { route: 'GET /*/feed', kind: 'script-injection', probability: 1 });
  await sandboxControl(sandbox, 'faults', {
    route: 'GET /*/media',
    kind: 'script-injection',
    probability: 1,
  });
  await signInDemo(app);
  const text = app.getByTestId('post-card').first().getByTestId('post-text');
  await expect(text).toContainText('<img src=x onerror="window.__duetPwned=1"><script>', { timeout: 60_000 });
  await app.locator('[data-testid=gallery-tile]').first().click();
  await expect(app.getByTestId('viewer-caption')).toContainText('<script>window.__duetPwned=1</script>');
  expect(await app.evaluate(() => (window as { __duetPwned?: unknown }).__duetPwned)).toBeUndefined();
  expect(await app.locator('.post-text img, .post-text script, .viewer-caption img').count()).toBe(0);
});

test('both columns look right in light and dark', async ({ app }) => {
  await signInDemo(app);
  await expect(app.getByTestId('post-card').first()).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('gallery-tile').first()).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(async () => (await visibleImages(app, '[data-testid=gallery-scroll]')).loaded, {
      timeout: 60_000,
    })
    .toBeGreaterThan(4);
  await app.screenshot({ path: test.info().outputPath('columns-light.png') });
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect(app.locator('body')).toHaveCSS('background-color', 'rgb(17, 19, 24)');
  await app.screenshot({ path: test.info().outputPath('columns-dark.png') });
});
