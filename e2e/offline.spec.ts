// Offline: the OS signal and an unreachable Graph API both show the offline banner; a reload with the sandbox
// stopped still renders both columns and their pictures from the local cache; when the network returns, sync
// resumes by itself and a post published meanwhile appears at the top.
import { createServer, type Server } from 'node:http';
import { type Page } from '@playwright/test';
import { expect, sandboxControl, signInDemo, test } from './fixtures';
import { visibleImages } from './support/images';

// These journeys run against a real Chromium, host and sandbox on shared, busy machines: generous waits.
test.describe.configure({ timeout: 240_000 });

type SandboxState = { pages: Array<{ id: string; name: string }> };

/** Visible <img> elements inside `selector` and how many of them have decoded bytes. */

async function allVisibleImagesLoaded(page: Page, selector: string) {
  await expect
    .poll(
      async () => {
        const { total, loaded } = await visibleImages(page, selector);
        return total > 0 && total === loaded;
      },
      { timeout: 45_000, message: `every visible picture in ${selector} has bytes` },
    )
    .toBe(true);
}

test('reads from the cache offline and catches up by itself when the network returns', async ({
  app,
  sandbox,
  context,
}) => {
  await signInDemo(app);
  await expect(app.getByTestId('post-card').first()).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('gallery-tile').first()).toBeVisible({ timeout: 60_000 });
  await allVisibleImagesLoaded(app, '[data-testid=feed-scroll]');
  await allVisibleImagesLoaded(app, '[data-testid=gallery-scroll]');
  const firstPost = await app.getByTestId('post-card').first().getAttribute('data-post-id');

  // 1. The OS says offline: the banner appears, nothing disappears.
  await context.setOffline(true);
  await expect(app.getByTestId('offline-banner')).toBeVisible();
  await expect(app.getByTestId('post-card').first()).toHaveAttribute('data-post-id', firstPost!);
  await context.setOffline(false);

  // 2. Graph is unreachable (sandbox stopped) and the app is reloaded: everything renders from the cache.
  const port = Number(new URL(sandbox.url).port);
  await sandbox.close();
  await app.reload();
  await expect(app.getByTestId('post-card').first()).toHaveAttribute('data-post-id', firstPost!, {
    timeout: 60_000,
  });
  await expect(app.getByTestId('gallery-tile').first()).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('stories-row')).toBeVisible();
  await allVisibleImagesLoaded(app, '[data-testid=feed-scroll]');
  await allVisibleImagesLoaded(app, '[data-testid=gallery-scroll]');
  await expect(app.getByTestId('offline-banner')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('offline-banner')).toContainText(/offline/i);
  await app.screenshot({ path: test.info().outputPath('offline-from-cache.png') });

  // 3. A post is published while Duet cannot see it, then the sandbox comes back on the same port (same state).
  const state = sandbox.core.state() as SandboxState;
  const pageId = (state.pages.find((p) => p.name === 'Rivera Candle Co.') ?? state.pages[0]!).id;
  const revived: Server = createServer((req, res) => void sandbox.core.handle(req, res));
  await new Promise<void>((resolve) => revived.listen(port, '127.0.0.1', resolve));
  try {
    await sandboxControl(sandbox, 'posts', { pageId, message: 'Back online: new candles just dropped 🕯️' });
    await expect(app.getByTestId('offline-banner')).toBeHidden({ timeout: 60_000 });
    await expect(app.getByTestId('post-card').first().getByTestId('post-text')).toHaveText(/Back online/, {
      timeout: 60_000,
    });
  } finally {
    await new Promise<void>((resolve) => {
      revived.close(() => resolve());
      revived.closeAllConnections();
    });
  }
});

test('the OS coming back online triggers an immediate poll', async ({ app, sandbox, context }) => {
  await signInDemo(app);
  await expect(app.getByTestId('post-card').first()).toBeVisible({ timeout: 60_000 });
  await context.setOffline(true);
  await expect(app.getByTestId('offline-banner')).toBeVisible();
  const state = await sandboxControl<SandboxState>(sandbox, 'state');
  const pageId = (state.pages.find((p) => p.name === 'Rivera Candle Co.') ?? state.pages[0]!).id;
  await sandboxControl(sandbox, 'posts', { pageId, message: 'Published while the laptop was offline' });
  await context.setOffline(false);
  await expect(app.getByTestId('offline-banner')).toBeHidden({ timeout: 45_000 });
  await expect(app.getByTestId('post-card').first().getByTestId('post-text')).toHaveText(
    /while the laptop was offline/,
    {
      timeout: 45_000,
    },
  );
});
