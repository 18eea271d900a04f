// `npm run screenshots`: the README's pictures, taken from the real app (browser host + demo sandbox) in Chromium.
// SHOTS=insights,privacy writes only the pictures whose names start with one of those words (the others are still
// walked through, since each view is reached from the one before).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from '../e2e/support/chromium';
import { browserPlatformBase } from '../electron/browser-host/platform';
import { startBrowserHost } from '../electron/browser-host/server';
import { createHostCore } from '../electron/services/index';
import { renderJpeg } from '../sandbox/cdn';
import { startSandbox } from '../sandbox/index';

const out = resolve('docs/screenshots');
mkdirSync(out, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'duet-shots-'));
const sandbox = await startSandbox({ seed: 42, scale: 'small', live: false });
const host = await startBrowserHost({
  rendererDir: resolve('dist/renderer'),
  platform: browserPlatformBase(dataDir, { DUET_GRAPH_URL: sandbox.url, DUET_LOGIN_URL: sandbox.url }),
  createCore: (p) =>
    createHostCore(p, { startSandbox: async () => ({ url: sandbox.url, close: async () => {} }) }),
});
const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });

const only = (process.env.SHOTS ?? '').split(',').filter(Boolean);

async function shoot(page: Page, name: string) {
  // The pause stays for a skipped picture too: the next step counts on the page having settled.
  await page.waitForTimeout(1500);
  if (only.length && !only.some((w) => name.startsWith(w))) return;
  await page.screenshot({ path: join(out, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

try {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
    // Each page is a fresh browser context (no cookie yet): each gets its own one-time link.
    await page.goto(host.launchUrl());
    if (scheme === 'light') await shoot(page, 'sign-in');
    const demo = page.getByRole('button', { name: 'Try the demo' });
    if (await demo.isVisible()) await demo.click();
    await page.getByRole('navigation', { name: 'Views' }).waitFor();
    // Let the first pages and their pictures arrive.
    await page.waitForFunction(
      () =>
        document.querySelectorAll('img').length > 12 &&
        [...document.querySelectorAll('img')].filter((i) => i.complete && i.naturalWidth > 0).length > 10,
      undefined,
      { timeout: 60_000 },
    );
    // And the story rings' pictures (thumbnails made by the host's media cache).
    await page.waitForFunction(
      () => {
        const pics = [...document.querySelectorAll<HTMLImageElement>('.story-pic img')];
        return pics.length > 0 && pics.every((i) => i.complete && i.naturalWidth > 0);
      },
      undefined,
      { timeout: 60_000 },
    );
    await shoot(page, `home-${scheme}`);
    await page.getByRole('button', { name: /^Inbox/ }).click();
    await page.waitForTimeout(1500);
    const first = page.locator('[role="option"], [data-conversation-id]').first();
    if (await first.count()) await first.click();
    await shoot(page, `inbox-${scheme}`);
    await page.getByRole('button', { name: /^Comments/ }).click();
    await page.getByTestId('comment-thread').first().waitFor({ timeout: 60_000 });
    await shoot(page, `comments-${scheme}`);
    await page.getByRole('button', { name: /^Home/ }).click();
    await page.getByTestId('post-card').getByTestId('open-comments').first().click();
    await page.getByTestId('post-comments').waitFor();
    await shoot(page, `home-post-comments-${scheme}`);
    // The composer with a photo attached, the shared caption and a schedule.
    await page.getByRole('button', { name: /^Home/ }).click();
    await page.keyboard.press('Control+N');
    const composer = page.getByRole('dialog', { name: 'New post' });
    await composer.getByRole('radio', { name: 'Photo', exact: true }).check();
    await composer.getByTestId('media-input').setInputFiles({
      name: 'lavender.jpg',
      mimeType: 'image/jpeg',
      buffer: renderJpeg('composer-shot', 1080),
    });
    await composer
      .getByRole('textbox', { name: 'Caption', exact: true })
      .fill('Our lavender candles are back in stock 🕯️ #lavender #handmade');
    await shoot(page, `composer-${scheme}`);
    // Scheduled two hours ahead: Posts shows Facebook's native schedule and Duet's own one for Instagram, with
    // Edit, Reschedule and Cancel.
    await composer.getByRole('radio', { name: 'Later' }).check();
    const at = Date.now() + 2 * 3_600_000;
    await composer
      .getByTestId('schedule-at')
      .fill(new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
    await composer.getByRole('button', { name: 'Schedule' }).click();
    await composer.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Posts' }).click();
    await page.locator('[data-testid=target-facebook][data-state=scheduled]').waitFor({ timeout: 60_000 });
    await shoot(page, `posts-${scheme}`);
    await page.getByRole('button', { name: /^Insights/ }).click();
    await page.getByTestId('items-table').waitFor({ timeout: 90_000 });
    // Taller than the other pictures, so both columns' charts show whole under their cards.
    await page.setViewportSize({ width: 1440, height: 1240 });
    await page.locator('[data-drawn-values]').nth(1).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await shoot(page, `insights-${scheme}`);
    await page.setViewportSize({ width: 1440, height: 900 });
    // Privacy & data, from Settings, with the permission list read from Meta.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Open Privacy & data' }).click();
    await page.locator('[data-permission=pages_messaging]').waitFor({ timeout: 60_000 });
    await shoot(page, `privacy-${scheme}`);
    await page.close();
  }
  // The same views at 200 % zoom (a 1280 × 800 window at twice the size), in both themes.
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({
      viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
      colorScheme: scheme,
    });
    await page.goto(host.launchUrl());
    const demo = page.getByRole('button', { name: 'Try the demo' });
    if (await demo.isVisible()) await demo.click();
    await page.getByRole('navigation', { name: 'Views' }).waitFor();
    await page.getByTestId('post-card').first().waitFor({ timeout: 60_000 });
    await shoot(page, `zoom-200-home-${scheme}`);
    await page.getByRole('button', { name: /^Inbox/ }).click();
    await page.getByTestId('conversation').first().click();
    await page.getByTestId('message').first().waitFor({ timeout: 60_000 });
    await shoot(page, `zoom-200-inbox-${scheme}`);
    await page.close();
  }
} finally {
  await browser.close();
  await host.close();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
}
