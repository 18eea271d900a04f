// Publishing journeys in Chromium against the browser host and the sandbox: the composer refuses what Meta would
// refuse before anything is sent; a photo cross-posted to both networks appears in both columns, once; a post
// queued while the host cannot reach Meta goes out once after a reload when it can; a video cross-posted as a
// Facebook video and an Instagram reel; a Facebook reel scheduled natively goes live on the sandbox's clock.
import { createServer, type Server } from 'node:http';
import { type Page } from '@playwright/test';
import { DUET_PERMISSIONS } from '../shared/graph/permissions';
import { makeMp4 } from '../shared/test/mp4';
import { expect, sandboxControl, test } from './fixtures';
import { jpeg, openComposer, signInToFeed } from './support/publish';

const SYNC = { timeout: 60_000 };

test.describe('publishing', () => {
  test('the composer shows what each network would refuse, in words, and sends nothing', async ({ app }) => {
    await signInToFeed(app);
    const dialog = await openComposer(app);
    // Both networks are ticked by default.
    await expect(dialog.getByRole('checkbox', { name: /^Facebook Page ·/ })).toBeChecked();
    await expect(dialog.getByRole('checkbox', { name: /^Instagram ·/ })).toBeChecked();
    await dialog.getByRole('radio', { name: 'Photo', exact: true }).check();
    // A 9:16 picture is outside Instagram's feed ratios; 31 hashtags are one too many.
    await dialog.getByTestId('media-input').setInputFiles({
      name: 'tall.jpg',
      mimeType: 'image/jpeg',
      buffer: jpeg(720, 1280),
    });
    await expect(dialog.getByTestId('media-item')).toHaveCount(1);
    await dialog
      .getByRole('textbox', { name: 'Caption', exact: true })
      .fill(Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' '));
    await expect(dialog.getByTestId('problems-media')).toContainText(
      'Instagram: Instagram feed photos must be between 4:5 (portrait) and 1.91:1 (landscape); this one is 720×1280.',
    );
    await expect(dialog.getByTestId('problems-caption')).toContainText(
      'Instagram: Instagram allows 30 hashtags; this caption has 31.',
    );
    // Facebook would take it: no Facebook problem is listed.
    await expect(dialog.getByTestId('problems-media')).not.toContainText('Facebook:');
    // A Facebook schedule 5 minutes ahead is inside Meta's 10-minute floor.
    await dialog.getByRole('radio', { name: 'Later' }).check();
    const soon = new Date(Date.now() + 5 * 60_000);
    const local = new Date(soon.getTime() - soon.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await dialog.getByTestId('schedule-at').fill(local);
    await expect(dialog.getByTestId('problems-schedule')).toContainText(
      'Facebook: Facebook schedules posts at least 10 minutes ahead.',
    );
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Fix the problems shown above first.');
    if (process.env.PUBLISH_SHOTS)
      await app.screenshot({ path: `${process.env.PUBLISH_SHOTS}/composer.png` });
    // Nothing was queued: the Posts view lists only the draft saved as the user typed.
    await await expect(dialog.getByText('Draft saved')).toBeVisible();
    await dialog.getByRole('button', { name: 'Close (keep draft)' }).click();
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
    const item = app.getByTestId('post-item');
    await expect(item).toHaveCount(1);
    await expect(item.getByTestId('target-facebook')).toHaveAttribute('data-state', 'draft');
    await expect(item.getByTestId('target-instagram')).toHaveAttribute('data-state', 'draft');
  });
});

type Ledger = {
  now: number;
  live: Array<{ kind: 'fb-post' | 'ig-media'; id: string; text?: string; type: string; at: number }>;
  scheduled: Array<{ id: string; text?: string }>;
};

/** Schedules the open composer's post 20 minutes ahead, natively on Facebook; answers its Facebook target row. */
async function scheduleNatively(app: Page, dialog: ReturnType<Page['getByRole']>, caption: string) {
  await dialog.getByRole('radio', { name: 'Later' }).check();
  const at = new Date(Date.now() + 20 * 60_000);
  await dialog
    .getByTestId('schedule-at')
    .fill(new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
  await expect(dialog.getByText('Facebook: Facebook will publish this.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Schedule' }).click();
  await expect(dialog).toBeHidden();
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
  const target = app.getByTestId('post-item').filter({ hasText: caption }).getByTestId('target-facebook');
  await expect(target).toHaveAttribute('data-state', 'scheduled', SYNC);
  return target;
}

/** Attaches a 20-second MP4 as a video and writes the caption in the open composer. */
async function videoPost(dialog: ReturnType<Page['getByRole']>, caption: string) {
  await dialog
    .getByRole('group', { name: 'Type' })
    .getByRole('radio', { name: /^Video/ })
    .check();
  await dialog.getByTestId('media-input').setInputFiles({
    name: 'clip.mp4',
    mimeType: 'video/mp4',
    buffer: makeMp4({ durationMs: 20_000, width: 1080, height: 1920 }),
  });
  await expect(dialog.getByTestId('media-item')).toHaveCount(1);
  await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
}

/** Attaches a JPEG and writes the caption in the open composer. */
async function photoPost(dialog: ReturnType<Page['getByRole']>, caption: string) {
  await dialog.getByRole('radio', { name: 'Photo', exact: true }).check();
  await dialog
    .getByTestId('media-input')
    .setInputFiles({ name: 'square.jpg', mimeType: 'image/jpeg', buffer: jpeg(640, 640) });
  await expect(dialog.getByTestId('media-item')).toHaveCount(1);
  await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
}

test.describe('publishing to the sandbox', () => {
  test('a photo cross-posted to both appears once in each network and in both columns', async ({
    app,
    sandbox,
  }) => {
    await signInToFeed(app);
    const dialog = await openComposer(app);
    const caption = `Fresh batch of lavender candles ${Date.now()}`;
    await photoPost(dialog, caption);
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();
    // Both columns show it without waiting for the next poll.
    await expect(app.getByTestId('post-card').filter({ hasText: caption })).toHaveCount(1, SYNC);
    await expect(
      app
        .getByTestId('gallery-tile')
        .filter({ has: app.locator(`[aria-label$="${caption}"]`) })
        .or(app.locator(`[data-testid=gallery-tile][aria-label$="${caption}"]`)),
    ).toHaveCount(1, SYNC);
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
    const item = app.getByTestId('post-item').filter({ hasText: caption });
    await expect(item.getByTestId('target-facebook')).toHaveAttribute('data-state', 'published', SYNC);
    await expect(item.getByTestId('target-instagram')).toHaveAttribute('data-state', 'published', SYNC);
    await expect(item.getByRole('link', { name: 'Open on Instagram' })).toBeVisible(SYNC);
    const ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
    expect(
      ledger.live
        .filter((e) => e.text === caption)
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['fb-post', 'ig-media']);
  });

  test('a post queued while Meta is unreachable publishes once after a reload, when Meta is back', async ({
    app,
    sandbox,
  }) => {
    test.setTimeout(180_000);
    await signInToFeed(app);
    const port = Number(new URL(sandbox.url).port);
    await sandbox.close();
    const dialog = await openComposer(app);
    const caption = `Written on the train ${Date.now()}`;
    await photoPost(dialog, caption);
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
    const item = app.getByTestId('post-item').filter({ hasText: caption });
    await expect(item.getByTestId('target-facebook')).toHaveAttribute('data-state', 'queued', SYNC);
    await expect(item.getByTestId('target-facebook')).toContainText('will try again', SYNC);
    await app.reload();
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
    await expect(item.getByTestId('target-instagram')).toHaveAttribute('data-state', 'queued', SYNC);
    // Meta is back on the same address, with the same state.
    const revived: Server = createServer((req, res) => void sandbox.core.handle(req, res));
    await new Promise<void>((resolve) => revived.listen(port, '127.0.0.1', resolve));
    try {
      await expect(item.getByTestId('target-facebook')).toHaveAttribute('data-state', 'published', {
        timeout: 120_000,
      });
      await expect(item.getByTestId('target-instagram')).toHaveAttribute('data-state', 'published', {
        timeout: 120_000,
      });
      const ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
      expect(
        ledger.live
          .filter((e) => e.text === caption)
          .map((e) => e.kind)
          .sort(),
      ).toEqual(['fb-post', 'ig-media']);
    } finally {
      await new Promise<void>((resolve) => {
        revived.close(() => resolve());
        revived.closeAllConnections();
      });
    }
  });

  test('a Facebook post scheduled natively goes live when the sandbox clock passes its time', async ({
    app,
    sandbox,
  }) => {
    await signInToFeed(app);
    const dialog = await openComposer(app);
    const caption = `Market day tomorrow ${Date.now()}`;
    await dialog.getByRole('checkbox', { name: /^Instagram ·/ }).uncheck();
    await dialog.getByRole('radio', { name: 'Text or link' }).check();
    await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
    const target = await scheduleNatively(app, dialog, caption);
    await expect(target).toContainText('Facebook will publish this');
    let ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
    expect(ledger.live.filter((e) => e.text === caption)).toEqual([]);
    // Meta's clock passes the time: Facebook publishes it, and the feed shows it once.
    await sandboxControl(sandbox, 'clock', { advanceMs: 21 * 60_000 });
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Home' }).click();
    await expect(app.getByTestId('post-card').filter({ hasText: caption })).toHaveCount(1, SYNC);
    ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
    expect(ledger.live.filter((e) => e.text === caption).map((e) => e.kind)).toEqual(['fb-post']);
  });

  test('a video cross-posted as a Facebook video and an Instagram reel appears once in each and in both columns', async ({
    app,
    sandbox,
  }) => {
    test.setTimeout(150_000);
    await signInToFeed(app);
    const dialog = await openComposer(app);
    const caption = `Workshop tour, start to finish ${Date.now()}`;
    await videoPost(dialog, caption);
    await dialog
      .getByTestId('fb-video-as')
      .getByRole('radio', { name: /^Video/ })
      .check();
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
    const item = app.getByTestId('post-item').filter({ hasText: caption });
    await expect(item.getByTestId('target-facebook')).toHaveAttribute('data-state', 'published', SYNC);
    await expect(item.getByTestId('target-instagram')).toHaveAttribute('data-state', 'published', SYNC);
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Home' }).click();
    await expect(app.getByTestId('post-card').filter({ hasText: caption })).toHaveCount(1, SYNC);
    await expect(app.locator(`[data-testid=gallery-tile][aria-label$="${caption}"]`)).toHaveCount(1, SYNC);
    const ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
    expect(
      ledger.live
        .filter((e) => e.text === caption)
        .map((e) => `${e.kind}:${e.type}`)
        .sort(),
    ).toEqual(['fb-post:video', 'ig-media:REELS']);
  });

  test('a Facebook reel scheduled natively goes live when the sandbox clock passes its time', async ({
    app,
    sandbox,
  }) => {
    test.setTimeout(150_000);
    await signInToFeed(app);
    const dialog = await openComposer(app);
    const caption = `Thirty seconds of glaze ${Date.now()}`;
    await dialog.getByRole('checkbox', { name: /^Instagram ·/ }).uncheck();
    await videoPost(dialog, caption);
    await dialog.getByTestId('fb-video-as').getByRole('radio', { name: /^Reel/ }).check();
    await expect(await scheduleNatively(app, dialog, caption)).toContainText('Facebook will publish this');
    let ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
    expect(ledger.live.filter((e) => e.text === caption)).toEqual([]);
    expect(ledger.scheduled.filter((e) => e.text === caption)).toHaveLength(1);
    // Meta's clock passes the time: Facebook publishes the reel, and the feed shows it once.
    // (Duet's own clock has not moved: it reads the reel's state again at its time, as for a scheduled feed post.)
    await sandboxControl(sandbox, 'clock', { advanceMs: 21 * 60_000 });
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Home' }).click();
    await expect(app.getByTestId('post-card').filter({ hasText: caption })).toHaveCount(1, SYNC);
    ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
    expect(ledger.live.filter((e) => e.text === caption).map((e) => `${e.kind}:${e.type}`)).toEqual([
      'fb-post:reel',
    ]);
  });

  test('an Instagram story is refused for a Creator account, with the reason, and the composer then says so', async ({
    app,
    sandbox,
  }) => {
    await signInToFeed(app);
    const state = await sandboxControl<{ pages: Array<{ name: string; instagramId?: string }> }>(
      sandbox,
      'state',
    );
    const ig = state.pages.find((p) => p.name === 'Rivera Candle Co.')?.instagramId ?? '';
    await sandboxControl(sandbox, 'publish/config', { igAccountType: { [ig]: 'CREATOR' } });
    let dialog = await openComposer(app);
    await dialog.getByRole('checkbox', { name: /^Facebook Page ·/ }).uncheck();
    await dialog.getByRole('radio', { name: 'Story' }).check();
    await dialog
      .getByTestId('media-input')
      .setInputFiles({ name: 'story.jpg', mimeType: 'image/jpeg', buffer: jpeg(540, 960) });
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
    const target = app.getByTestId('post-item').first().getByTestId('target-instagram');
    await expect(target).toHaveAttribute('data-state', 'failed', SYNC);
    await expect(target).toContainText(/Business/);
    // From now on the composer leaves Instagram out of stories and says why.
    dialog = await openComposer(app);
    await dialog.getByRole('radio', { name: 'Story' }).check();
    await expect(dialog.getByRole('checkbox', { name: /^Instagram ·/ })).toBeDisabled();
    await expect(dialog).toContainText('Business accounts only; this is a Creator account');
  });

  test('Instagram refused for a missing instagram_content_publish: the post names it and offers Grant again', async ({
    app,
    sandbox,
  }) => {
    await signInToFeed(app);
    // The person takes the permission back (Facebook settings): the user's grant no longer includes it.
    const st = await sandboxControl<{ users: { id: string }[] }>(sandbox, 'state');
    await sandboxControl(sandbox, 'tokens', {
      userId: st.users[0]!.id,
      permissions: DUET_PERMISSIONS.filter((p) => p !== 'instagram_content_publish'),
    });
    const dialog = await openComposer(app);
    await dialog.getByRole('checkbox', { name: /^Facebook Page ·/ }).uncheck();
    await photoPost(dialog, `No permission ${Date.now()}`);
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toBeHidden();
    await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Posts' }).click();
    const target = app.getByTestId('post-item').first().getByTestId('target-instagram');
    await expect(target).toHaveAttribute('data-state', 'failed', SYNC);
    const notice = target
      .getByTestId('missing-permission')
      .filter({ hasText: 'Publish to Instagram needs instagram_content_publish' });
    await expect(notice.getByRole('button', { name: 'Grant again' })).toBeVisible(SYNC);
  });
});
