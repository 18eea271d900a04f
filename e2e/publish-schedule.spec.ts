// A scheduled cross-post changed until it fires, in Chromium against the browser host and the sandbox: Facebook
// holds it natively, Instagram waits on Duet's own schedule. It is rescheduled (a time inside Facebook's 10-minute
// floor is refused next to the field first), its text edited with a caption of Instagram's own, and cancelled with a
// confirm that says what happens on each network — each change checked in the sandbox's own record — and nothing
// goes live when the sandbox clock passes the old times. The Posts view with the scheduled post passes axe in both
// themes.
import { type Page } from '@playwright/test';
import { encodeBlockJpeg } from '../sandbox/jpeg-blocks';
import { expect, sandboxControl, test } from './fixtures';
import { signInToFeed } from './support/publish';
import { axeBothThemes, formatProblems } from './support/a11y';

const SYNC = { timeout: 60_000 };
const MIN = 60_000;

type Ledger = {
  now: number;
  live: Array<{ kind: string; id: string; text?: string; at: number }>;
  scheduled: Array<{ kind: string; id: string; text?: string; at: number }>;
};

/** A time as the date-time picker takes it (local time, to the minute). */
function pickerValue(ms: number): string {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The picker's minute, as epoch ms (what Duet hands Facebook). */
const minuteOf = (ms: number) => new Date(pickerValue(ms)).getTime();

const nav = (page: Page) => page.getByRole('navigation', { name: 'Views' });
/** A post's action button, named with the post (the name's hidden part may come with a space before it). */
const named = (action: string, caption: string) => new RegExp(`^${action} ?: ${caption.slice(0, 40)}$`);

test('a scheduled cross-post is rescheduled, edited and cancelled on both networks before it fires', async ({
  app,
  sandbox,
}) => {
  test.setTimeout(240_000);
  await signInToFeed(app);
  const caption = `Candle market ${Date.now()}`;
  const at = Date.now() + 20 * MIN;

  // Schedule a photo to both: Facebook will publish it, Duet publishes the Instagram one.
  await app.keyboard.press('Control+N');
  const composer = app.getByRole('dialog', { name: 'New post' });
  await composer.getByRole('radio', { name: 'Photo', exact: true }).check();
  await composer.getByTestId('media-input').setInputFiles({
    name: 'square.jpg',
    mimeType: 'image/jpeg',
    buffer: encodeBlockJpeg(640, 640, (bx, by) => ((bx + by) % 2 ? [200, 80, 40] : [30, 90, 200])),
  });
  await composer.getByRole('textbox', { name: 'Caption', exact: true }).fill(caption);
  await composer.getByRole('radio', { name: 'Later' }).check();
  await composer.getByTestId('schedule-at').fill(pickerValue(at));
  await composer.getByRole('button', { name: 'Schedule' }).click();
  await expect(composer).toBeHidden();

  await nav(app).getByRole('button', { name: 'Posts' }).click();
  const item = app.getByTestId('post-item').filter({ hasText: caption });
  await expect(item.getByTestId('target-facebook')).toHaveAttribute('data-state', 'scheduled', SYNC);
  await expect(item.getByTestId('target-instagram')).toHaveAttribute('data-state', 'queued');
  await expect(item.getByTestId('target-instagram')).toContainText('Duet publishes this');
  let ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
  const onFacebook = () => ledger.scheduled.filter((e) => e.kind === 'fb-post' && e.at >= ledger.now);
  expect(onFacebook().map((e) => [e.text, e.at])).toEqual([[caption, minuteOf(at)]]);

  const problems = await axeBothThemes(app, 'Posts (a scheduled cross-post)');

  // Reschedule, from the keyboard: a time inside Facebook's floor is refused next to the field, then a later one.
  await item.getByRole('button', { name: named('Reschedule', caption) }).focus();
  await app.keyboard.press('Enter');
  const reschedule = app.getByRole('dialog', { name: 'Reschedule post' });
  await reschedule.getByTestId('reschedule-at').fill(pickerValue(Date.now() + 5 * MIN));
  await reschedule.getByRole('button', { name: 'Reschedule' }).click();
  await expect(reschedule.getByTestId('problems-schedule')).toContainText(
    'Facebook: Facebook schedules posts at least 10 minutes ahead.',
  );
  problems.push(...(await axeBothThemes(app, 'Reschedule dialog with a refused time')));
  if (process.env.PUBLISH_SHOTS)
    await app.screenshot({ path: `${process.env.PUBLISH_SHOTS}/reschedule-refused.png` });
  const later = Date.now() + 40 * MIN;
  await reschedule.getByTestId('reschedule-at').fill(pickerValue(later));
  await reschedule.getByRole('button', { name: 'Reschedule' }).click();
  await expect(reschedule).toBeHidden();
  await expect(app.getByTestId('posts-notice')).toHaveText('Changes saved.');
  ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
  expect(onFacebook().map((e) => [e.text, e.at])).toEqual([[caption, minuteOf(later)]]);

  // Edit the text: one caption for Facebook, one of its own for Instagram.
  const edited = `Candle market moved ${Date.now()}`;
  await item.getByRole('button', { name: named('Edit', caption) }).click();
  const edit = app.getByRole('dialog', { name: 'Edit scheduled post' });
  await edit.getByRole('textbox', { name: 'Caption', exact: true }).fill(edited);
  await edit.getByRole('checkbox', { name: 'A different caption for Instagram' }).check();
  await edit.getByRole('textbox', { name: 'Caption for Instagram' }).fill(`${edited} #candles`);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  const moved = app.getByTestId('post-item').filter({ hasText: edited });
  await expect(moved).toHaveCount(1);
  ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
  expect(onFacebook().map((e) => [e.text, e.at])).toEqual([[edited, minuteOf(later)]]);

  // Cancel: the confirm says what happens on each network.
  await moved.getByRole('button', { name: named('Cancel', edited) }).click();
  const confirm = app.getByRole('dialog', { name: 'Cancel this scheduled post?' });
  await expect(confirm.getByTestId('cancel-plan')).toContainText(
    'Facebook: the scheduled post is deleted on Facebook, so Facebook will not publish it.',
  );
  await expect(confirm.getByTestId('cancel-plan')).toContainText(
    'Instagram: Duet will not publish it (it was waiting on Duet’s own schedule).',
  );
  problems.push(...(await axeBothThemes(app, 'Cancel confirm')));
  if (process.env.PUBLISH_SHOTS)
    await app.screenshot({ path: `${process.env.PUBLISH_SHOTS}/cancel-confirm.png` });
  await confirm.getByRole('button', { name: 'Cancel the post' }).click();
  await expect(confirm).toBeHidden();
  await expect(app.getByTestId('posts-notice')).toHaveText('Post cancelled.');
  await expect(moved).toHaveCount(0);
  ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
  expect(onFacebook()).toEqual([]);

  // Meta's clock passes both the old and the new time: nothing of it goes live anywhere.
  await sandboxControl(sandbox, 'clock', { advanceMs: 45 * MIN });
  ledger = await sandboxControl<Ledger>(sandbox, 'publish/ledger');
  expect(ledger.live.filter((e) => e.text?.startsWith('Candle market'))).toEqual([]);
  await nav(app).getByRole('button', { name: 'Home' }).click();
  await expect(app.getByTestId('post-card').first()).toBeVisible(SYNC);
  await expect(app.getByTestId('post-card').filter({ hasText: 'Candle market' })).toHaveCount(0);
  expect(problems.length, `Accessibility problems:\n${formatProblems(problems)}`).toBe(0);
});
