// More publishing journeys in Chromium against the browser host and the sandbox (e2e/publish.spec.ts has the photo to
// both, the Creator story, the native Facebook schedule, offline → reopen and validation): an Instagram carousel of
// photos and a video, an Instagram reel, and an Instagram post Duet schedules itself that fires, once, when Duet opens
// again after its time passed while it was closed.
import { type Page } from '@playwright/test';
import { launchBrowserHost } from '../electron/browser-host/port-memory';
import { makeMp4 } from '../shared/test/mp4';
import { expect, hostOptions, sandboxControl, signInDemo, test } from './fixtures';
import { jpeg, openComposer, signInToFeed } from './support/publish';

const SYNC = { timeout: 60_000 };
const MIN = 60_000;

type LiveEntry = {
  kind: 'fb-post' | 'fb-story' | 'ig-media';
  id: string;
  text?: string;
  type: string;
  children?: Array<{ id: string; mediaType: string }>;
};
type Ledger = { now: number; live: LiveEntry[]; scheduled: LiveEntry[] };

const ledgerOf = async (sandbox: { url: string }, caption: string) =>
  (await sandboxControl<Ledger>(sandbox, 'publish/ledger')).live.filter((e) => e.text === caption);

/** A square JPEG; `red` tells the files of one post apart. */
const square = (red: number) => jpeg(640, 640, red);

/** A well-formed MP4 the host sniffs (duration and size from its moov box). */
const mp4 = (durationMs: number, width: number, height: number) =>
  makeMp4({ durationMs, width, height, mdatBytes: 64 * 1024 });

const galleryTile = (page: Page, kind: string, caption: string) =>
  page.locator(`[data-testid=gallery-tile][data-kind=${kind}][aria-label$="${caption}"]`);

async function postsView(page: Page) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
}

test.describe('publishing more kinds to Instagram', () => {
  test('a carousel of two photos and a video: Facebook would refuse the video, Instagram gets one carousel of three', async ({
    app,
    sandbox,
  }) => {
    await signInToFeed(app);
    const dialog = await openComposer(app);
    const caption = `Three scents, one clip ${Date.now()}`;
    await dialog.getByRole('radio', { name: 'Several photos' }).check();
    await dialog.getByTestId('media-input').setInputFiles([
      { name: 'lavender.jpg', mimeType: 'image/jpeg', buffer: square(200) },
      { name: 'pouring.mp4', mimeType: 'video/mp4', buffer: mp4(6_000, 1080, 1080) },
      { name: 'cedar.jpg', mimeType: 'image/jpeg', buffer: square(90) },
    ]);
    await expect(dialog.getByTestId('media-item')).toHaveCount(3);
    await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
    // Both are ticked: Facebook's multi-photo post takes photos only, and the composer says so before sending.
    await expect(dialog.getByTestId('problems-media')).toContainText(
      'Facebook: Facebook multi-photo posts take photos only; post the video on its own.',
    );
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Fix the problems shown above first.');
    await dialog.getByRole('checkbox', { name: /^Facebook Page ·/ }).uncheck();
    await expect(dialog.getByTestId('problems-media')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();

    await expect(galleryTile(app, 'carousel', caption)).toHaveCount(1, { timeout: 90_000 });
    await postsView(app);
    const item = app.getByTestId('post-item').filter({ hasText: caption });
    await expect(item.getByTestId('target-instagram')).toHaveAttribute('data-state', 'published', SYNC);
    await expect(item.getByTestId('target-facebook')).toHaveCount(0);
    // Meta's record: one carousel, its three children in the order they were attached, nothing on Facebook.
    const live = await ledgerOf(sandbox, caption);
    expect(live.map((e) => [e.kind, e.type])).toEqual([['ig-media', 'FEED']]);
    expect(live[0]!.children?.map((c) => c.mediaType)).toEqual(['IMAGE', 'VIDEO', 'IMAGE']);
  });

  test('a reel: one video to Instagram shows in the gallery as a reel and goes live once', async ({
    app,
    sandbox,
  }) => {
    await signInToFeed(app);
    const dialog = await openComposer(app);
    const caption = `Wick trimming in eight seconds ${Date.now()}`;
    await dialog.getByRole('checkbox', { name: /^Facebook Page ·/ }).uncheck();
    await dialog.getByRole('radio', { name: /^Video\b/ }).check();
    await dialog
      .getByTestId('media-input')
      .setInputFiles({ name: 'trim.mp4', mimeType: 'video/mp4', buffer: mp4(8_000, 1080, 1920) });
    await expect(dialog.getByTestId('media-item')).toHaveCount(1);
    await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();

    await expect(galleryTile(app, 'reel', caption)).toHaveCount(1, { timeout: 90_000 });
    await postsView(app);
    const target = app.getByTestId('post-item').filter({ hasText: caption }).getByTestId('target-instagram');
    await expect(target).toHaveAttribute('data-state', 'published', SYNC);
    await expect(target.getByRole('link', { name: 'Open on Instagram' })).toBeVisible();
    expect((await ledgerOf(sandbox, caption)).map((e) => [e.kind, e.type])).toEqual([['ig-media', 'REELS']]);
  });
});

test('an Instagram post Duet schedules itself fires once when Duet opens after its time, and says how late', async ({
  page,
  context,
  sandbox,
  dataDir,
}) => {
  test.setTimeout(180_000);
  const caption = `Restock on Friday ${Date.now()}`;
  // A whole minute 12–13 minutes ahead (the picker has minute precision).
  const at = Math.ceil((Date.now() + 12 * MIN) / MIN) * MIN;
  const first = (await launchBrowserHost(hostOptions(sandbox, dataDir))).host;
  try {
    await page.goto(`${first.url}&pollMs=2000`);
    await signInDemo(page);
    await expect(page.getByTestId('post-card').first()).toBeVisible(SYNC);
    const dialog = await openComposer(page);
    await dialog.getByRole('checkbox', { name: /^Facebook Page ·/ }).uncheck();
    await dialog.getByRole('radio', { name: 'Photo', exact: true }).check();
    await dialog
      .getByTestId('media-input')
      .setInputFiles({ name: 'restock.jpg', mimeType: 'image/jpeg', buffer: square(160) });
    await expect(dialog.getByTestId('media-item')).toHaveCount(1);
    await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
    await dialog.getByRole('radio', { name: 'Later' }).check();
    await dialog
      .getByTestId('schedule-at')
      .fill(new Date(at - new Date(at).getTimezoneOffset() * MIN).toISOString().slice(0, 16));
    await expect(
      dialog.getByText(
        'Instagram: Duet publishes this — keep Duet running or it publishes when it next opens.',
      ),
    ).toBeVisible();
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await expect(dialog).toBeHidden();
    await postsView(page);
    const target = page.getByTestId('post-item').filter({ hasText: caption }).getByTestId('target-instagram');
    await expect(target).toHaveAttribute('data-state', 'queued', SYNC);
    await expect(target).toContainText('Duet publishes this; keep Duet running');
    // Duet is closed: the page goes away, then the host.
    await page.goto('about:blank');
  } finally {
    await first.close();
  }
  expect(await ledgerOf(sandbox, caption)).toEqual([]);

  // Five minutes after its time, on Meta's clock and the computer's, Duet opens again on the same data folder.
  const reopenAt = at + 5 * MIN;
  await sandboxControl(sandbox, 'clock', { advanceMs: reopenAt - Date.now() });
  await context.clock.install({ time: reopenAt });
  const second = (await launchBrowserHost(hostOptions(sandbox, dataDir))).host;
  try {
    await page.goto(`${second.url}&pollMs=2000`);
    await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible(SYNC);
    await postsView(page);
    const target = page.getByTestId('post-item').filter({ hasText: caption }).getByTestId('target-instagram');
    await expect(target).toHaveAttribute('data-state', 'published', { timeout: 90_000 });
    await expect(target).toContainText('5 min late: Duet was not running at the time');
    expect((await ledgerOf(sandbox, caption)).map((e) => e.kind)).toEqual(['ig-media']);
  } finally {
    await second.close();
  }
});
