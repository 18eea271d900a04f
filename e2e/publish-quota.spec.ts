// Daily limits and upload progress in Chromium against the browser host and the sandbox: the composer shows each
// chosen network's limits in words next to the targets (and passes axe in both themes); a post over Instagram's
// publishing limit is refused before anything is sent; a post Meta refuses for its daily limit (the 400 containers,
// spent by another tool) waits with the reason instead of failing; a video upload shows its progress in the Posts
// view while the sandbox's upload host is slow, and the line goes once the target moves on.
import { type Page } from '@playwright/test';
import { encodeBlockJpeg } from '../sandbox/jpeg-blocks';
import { makeMp4 } from '../shared/test/mp4';
import { expect, sandboxControl, test } from './fixtures';
import { signInToFeed } from './support/publish';
import { axeBothThemes, formatProblems } from './support/a11y';

const SYNC = { timeout: 60_000 };
type Ledger = { live: Array<{ kind: string; accountId: string; text?: string }> };

const jpeg = (w: number, h: number) =>
  encodeBlockJpeg(w, h, (bx, by) => ((bx + by) % 2 ? [200, 80, 40] : [30, 90, 200]));

async function openComposer(page: Page) {
  await page.keyboard.press('Control+N');
  const dialog = page.getByRole('dialog', { name: 'New post' });
  await expect(dialog).toBeVisible();
  return dialog;
}

const postsView = (page: Page) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();

/** The demo Page's Instagram account id in the sandbox. */
async function igOf(sandbox: { url: string }): Promise<string> {
  const state = await sandboxControl<{ pages: Array<{ name: string; instagramId?: string }> }>(
    sandbox,
    'state',
  );
  return state.pages.find((p) => p.name === 'Rivera Candle Co.')?.instagramId ?? '';
}

/** A picture of the composer in each theme axe checks (PUBLISH_SHOTS keeps them outside the test's output). */
const shootComposer = (page: Page) => async (theme: 'light' | 'dark') => {
  const dir = process.env.PUBLISH_SHOTS;
  await page.getByRole('dialog', { name: 'New post' }).screenshot({
    path: dir ? `${dir}/composer-quotas-${theme}.png` : test.info().outputPath(`${theme}.png`),
  });
};

test.describe('publishing limits and upload progress', () => {
  test('the composer shows each network’s daily limits and refuses a post over one before sending', async ({
    app,
    sandbox,
  }) => {
    test.setTimeout(180_000);
    await signInToFeed(app);
    const ig = await igOf(sandbox);
    // Meta reports a publishing limit of one post a day for this account (read at run time, never Duet's number).
    await sandboxControl(sandbox, 'publish/config', { igQuotaTotal: 1 });
    let dialog = await openComposer(app);
    await expect(dialog.getByTestId('ig-quota')).toHaveText(
      'Instagram: 0 of 1 posts in 24 h · containers: 0 of 400',
    );
    await expect(dialog.getByTestId('quotas')).toContainText('Duet’s own count of what it created');
    // A photo is no reel: no Facebook reels line.
    await expect(dialog.getByTestId('fb-reels-quota')).toHaveCount(0);
    await dialog.getByRole('radio', { name: /^Video/ }).check();
    await expect(dialog.getByTestId('fb-reels-quota')).toHaveText('Facebook reels: 0 of 30 in 24 h');
    expect(formatProblems(await axeBothThemes(app, 'composer with limits', shootComposer(app)))).toBe('');
    await dialog.getByRole('radio', { name: 'Photo', exact: true }).check();
    await expect(dialog.getByTestId('fb-reels-quota')).toHaveCount(0);

    // One photo to Instagram uses the day's one post and one container.
    await dialog.getByRole('checkbox', { name: /^Facebook Page ·/ }).uncheck();
    await dialog
      .getByTestId('media-input')
      .setInputFiles({ name: 'a.jpg', mimeType: 'image/jpeg', buffer: jpeg(640, 640) });
    const caption = `Morning light ${Date.now()}`;
    await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();
    await postsView(app);
    const first = app.getByTestId('post-item').filter({ hasText: caption });
    await expect(first.getByTestId('target-instagram')).toHaveAttribute('data-state', 'published', SYNC);

    // The next one is refused in the composer, with the reason, and nothing reaches Meta.
    dialog = await openComposer(app);
    await expect(dialog.getByTestId('ig-quota')).toHaveText(
      'Instagram: 1 of 1 posts in 24 h · containers: 1 of 400',
    );
    await dialog.getByRole('checkbox', { name: /^Facebook Page ·/ }).uncheck();
    await dialog
      .getByTestId('media-input')
      .setInputFiles({ name: 'b.jpg', mimeType: 'image/jpeg', buffer: jpeg(640, 640) });
    await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(`${caption} again`);
    await expect(dialog.getByTestId('problems-type')).toContainText(
      'Instagram: Instagram allows 1 posts in 24 hours and this account has used them all. Try again later.',
    );
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Fix the problems shown above first.');
    const ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
    expect(ledger.live.filter((e) => e.kind === 'ig-media' && e.accountId === ig).map((e) => e.text)).toEqual(
      [caption],
    );
  });

  test('a post Meta refuses for the day’s 400 containers waits with the reason instead of failing', async ({
    app,
    sandbox,
  }) => {
    await signInToFeed(app);
    const ig = await igOf(sandbox);
    // Another tool made this account's 400 containers today: Duet's own count cannot know (it shows 0).
    await sandboxControl(sandbox, 'publish/config', { igContainersMade: { [ig]: 400 } });
    const dialog = await openComposer(app);
    await expect(dialog.getByTestId('ig-quota')).toContainText('containers: 0 of 400');
    await dialog.getByRole('checkbox', { name: /^Facebook Page ·/ }).uncheck();
    await dialog
      .getByTestId('media-input')
      .setInputFiles({ name: 'c.jpg', mimeType: 'image/jpeg', buffer: jpeg(640, 640) });
    const caption = `Over the limit ${Date.now()}`;
    await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();
    await postsView(app);
    const target = app.getByTestId('post-item').filter({ hasText: caption }).getByTestId('target-instagram');
    await expect(target).toContainText(
      'Waiting — Instagram says this account reached its daily publishing limit; Duet tries again at',
      SYNC,
    );
    await expect(target).toHaveAttribute('data-state', 'queued');
    expect(formatProblems(await axeBothThemes(app, 'Posts view with a held target'))).toBe('');
    await expect(target.getByRole('button', { name: /Retry/ })).toHaveCount(0);
    const ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
    expect(ledger.live.filter((e) => e.text === caption)).toEqual([]);
  });

  test('a video upload shows its progress in the Posts view, and the line goes once it moves on', async ({
    app,
    sandbox,
  }) => {
    test.setTimeout(300_000);
    await signInToFeed(app);
    // A slow upload link: Meta's upload host waits 10 s before it reads the bytes.
    await sandboxControl(sandbox, 'faults', {
      route: 'POST /rupload/**',
      kind: 'latency',
      latencyMs: 10_000,
      count: 1,
    });
    const dialog = await openComposer(app);
    await dialog.getByRole('checkbox', { name: /^Facebook Page ·/ }).uncheck();
    await dialog.getByRole('radio', { name: /^Video/ }).check();
    const video = makeMp4({ durationMs: 12_000, width: 1080, height: 1920, mdatBytes: 8 * 1024 * 1024 });
    await dialog
      .getByTestId('media-input')
      .setInputFiles({ name: 'reel.mp4', mimeType: 'video/mp4', buffer: video });
    await expect(dialog.getByTestId('media-item')).toHaveCount(1);
    const caption = `Pouring the wax ${Date.now()}`;
    await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();
    await postsView(app);
    const target = app.getByTestId('post-item').filter({ hasText: caption }).getByTestId('target-instagram');
    const bar = target.getByRole('progressbar', { name: 'Upload to Instagram' });
    await expect(bar).toBeVisible(SYNC);
    await expect(target.getByTestId('upload-progress')).toContainText(
      /^(Preparing the file: [\d.]+ of 8 MB|Uploading [\d.]+ of 8 MB to Instagram) — \d+ %$/,
    );
    // While Meta's upload host is stalled, the bytes that left for it are shown.
    await expect(target.getByTestId('upload-progress')).toContainText(
      /Uploading [\d.]+ of 8 MB to Instagram/,
      {
        timeout: 30_000,
      },
    );
    expect(Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
    expect(formatProblems(await axeBothThemes(app, 'Posts view with an upload under way'))).toBe('');
    await expect(target).toHaveAttribute('data-state', 'published', { timeout: 120_000 });
    await expect(target.getByTestId('upload-progress')).toHaveCount(0);
  });
});
