// The Comments view end to end, through the browser host against a per-test sandbox: both networks' comments in one
// list, a new comment found by polling (tab count, offline search), one post's comments opened from a feed card and
// from a gallery tile, and a missing pages_read_user_content explained by name.
import { type Page } from '@playwright/test';
import { DUET_PERMISSIONS } from '../shared/graph/permissions';
import { expect, sandboxControl, signInDemo, test } from './fixtures';

test.describe.configure({ timeout: 180_000 });
const SYNC = { timeout: 60_000 };

type Sandbox = Parameters<typeof sandboxControl>[0];
const nav = (page: Page) => page.getByRole('navigation', { name: 'Views' });

async function firstPage(sandbox: Sandbox) {
  const st = await sandboxControl<{ pages: { id: string; instagramId?: string }[] }>(sandbox, 'state');
  return st.pages[0]!;
}

test('both networks in one list; a new comment is counted on the tab, listed first and found offline', async ({
  app,
  sandbox,
}) => {
  await signInDemo(app);
  await nav(app)
    .getByRole('button', { name: /Comments/ })
    .click();
  const list = app.getByTestId('comment-list');
  await expect(list.locator('[data-testid=comment-thread][data-platform=fb]').first()).toBeVisible(SYNC);
  await expect(list.locator('[data-testid=comment-thread][data-platform=ig]').first()).toBeVisible(SYNC);
  await expect(list.getByTestId('comment-post').first()).toBeVisible();
  // Back to Home: a person comments on the newest post; polling finds it (its count moved).
  await nav(app).getByRole('button', { name: /Home/ }).click();
  const postId = await app.getByTestId('post-card').first().getAttribute('data-post-id');
  await sandboxControl(sandbox, 'comments', {
    objectId: postId!.replace(/^fb:/, ''),
    text: 'Is the lavender candle back in stock?',
  });
  await expect(nav(app).getByTestId('comments-badge')).toHaveText('1', SYNC);
  await nav(app)
    .getByRole('button', { name: /Comments/ })
    .click();
  await expect(app.getByTestId('comment-thread').first()).toContainText('lavender candle');
  await expect(nav(app).getByTestId('comments-badge')).toHaveCount(0);
  // Unanswered lists it; Mark done takes it off (locally).
  await app.getByRole('tab', { name: 'Unanswered' }).click();
  const first = app.getByTestId('comment-thread').first();
  await expect(first).toContainText('lavender candle');
  await first.getByTestId('mark-done').click();
  await expect(app.getByTestId('comment-thread').first()).not.toContainText('lavender candle');
  // Offline search over what is stored.
  await app.context().setOffline(true);
  await app.getByRole('searchbox', { name: 'Search comments' }).fill('lavender cand');
  await expect(app.getByTestId('comment-thread')).toHaveCount(1);
  await expect(app.getByTestId('comment-thread')).toContainText('Marked done');
  await app.context().setOffline(false);
});

test("one post's comments open beside Home from a feed card and from a gallery tile", async ({
  app,
  sandbox,
}) => {
  const page1 = await firstPage(sandbox);
  await signInDemo(app);
  const card = app.getByTestId('post-card').first();
  await expect(card).toBeVisible(SYNC);
  const postId = (await card.getAttribute('data-post-id'))!.replace(/^fb:/, '');
  await sandboxControl(sandbox, 'comments', { objectId: postId, text: 'First! 🎉' });
  await card.getByTestId('open-comments').click();
  const panel = app.getByTestId('post-comments');
  await expect(panel).toContainText('on Facebook');
  // Opening the panel reads the thread at once: the new comment is there without waiting for a poll.
  await expect(panel.getByTestId('comment-text').filter({ hasText: 'First! 🎉' })).toBeVisible(SYNC);
  await panel.press('Escape');
  await expect(panel).toHaveCount(0);

  // A new Instagram post with a comment: once polling lists it, its tile's comment count opens its comments.
  const { id: mediaId } = await sandboxControl<{ id: string }>(sandbox, 'media', {
    igUserId: page1.instagramId,
    caption: 'New drop ✨',
  });
  await sandboxControl(sandbox, 'comments', { objectId: mediaId, text: 'Need this in blue' });
  const tileComments = app.locator('.tile-cell').first().getByTestId('open-comments');
  await expect(tileComments).toHaveAccessibleName('1 comments: show them', SYNC);
  await tileComments.click();
  await expect(panel).toContainText('on Instagram');
  await expect(panel).toContainText('New drop ✨');
  await expect(panel.getByTestId('comment-text').filter({ hasText: 'Need this in blue' })).toBeVisible(SYNC);
  await expect(panel.locator('[data-testid=comment-thread][data-platform=fb]')).toHaveCount(0);
});

test('a missing pages_read_user_content is explained by name', async ({ app, sandbox }) => {
  await signInDemo(app);
  await expect(app.getByTestId('post-card').first()).toBeVisible(SYNC);
  // The person takes the permission back (Facebook settings): the user's grant no longer includes it.
  const st = await sandboxControl<{ users: { id: string }[] }>(sandbox, 'state');
  await sandboxControl(sandbox, 'tokens', {
    userId: st.users[0]!.id,
    permissions: DUET_PERMISSIONS.filter((p) => p !== 'pages_read_user_content'),
  });
  const postId = (await app.getByTestId('post-card').first().getAttribute('data-post-id'))!.replace(
    /^fb:/,
    '',
  );
  await sandboxControl(sandbox, 'comments', { objectId: postId, text: 'Hello?' });
  await nav(app)
    .getByRole('button', { name: /Comments/ })
    .click();
  const notice = app
    .getByTestId('missing-permission')
    .filter({ hasText: 'Read comments on Page posts needs pages_read_user_content' });
  await expect(notice.getByRole('button', { name: 'Grant again' })).toBeVisible(SYNC);
});
