// The Comments view end to end, through the browser host against a per-test sandbox: both networks' comments in one
// list, a new comment found by polling (tab count, offline search), one post's comments opened from a feed card and
// from a gallery tile, a missing pages_read_user_content explained by name; and the writes, each checked on the
// sandbox's comment-write ledger: reply, hide, like, delete and a private reply applied exactly once (the private
// reply's conversation in the inbox, linked both ways, a second one refused before sending), no Instagram likes, and
// actions queued offline that survive a reload and go out once, in order, with the Comments view closed.
import { type Page, type Route } from '@playwright/test';
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
  // No Like on an Instagram comment here either: the reason instead.
  await expect(panel.getByRole('button', { name: /^(Like|Unlike)$/ })).toHaveCount(0);
  await expect(panel.getByTestId('comment-thread').first()).toContainText(
    'Instagram does not let apps like comments.',
  );
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

type Write = { kind: string; target: string; created?: string; text?: string };
const writes = async (sandbox: Sandbox) =>
  (await sandboxControl<{ writes: Write[] }>(sandbox, 'comment-writes')).writes;
const writesOn = async (sandbox: Sandbox, targets: string[]) =>
  (await writes(sandbox)).filter((w) => targets.includes(w.target)).map((w) => `${w.kind}:${w.target}`);

/** A new post on Facebook and a new medium on Instagram, each with people's comments (before sign-in: backfill reads them). */
async function postsWithComments(sandbox: Sandbox, fbTexts: string[], igTexts: string[]) {
  const page1 = await firstPage(sandbox);
  const { id: postId } = await sandboxControl<{ id: string }>(sandbox, 'posts', {
    pageId: page1.id,
    message: 'Spring candles are here 🌷',
  });
  const { id: mediaId } = await sandboxControl<{ id: string }>(sandbox, 'media', {
    igUserId: page1.instagramId,
    caption: 'Behind the scenes ✨',
  });
  const fb: string[] = [];
  for (const text of fbTexts)
    fb.push((await sandboxControl<{ id: string }>(sandbox, 'comments', { objectId: postId, text })).id);
  const ig: string[] = [];
  for (const text of igTexts)
    ig.push((await sandboxControl<{ id: string }>(sandbox, 'comments', { objectId: mediaId, text })).id);
  return { postId, mediaId, fb, ig };
}

const threadOf = (page: Page, text: string) =>
  page
    .getByTestId('comment-list')
    .getByTestId('comment-thread')
    .filter({ has: page.getByTestId('comment-text').getByText(text, { exact: true }) });

async function openCommentsView(page: Page) {
  await nav(page)
    .getByRole('button', { name: /Comments/ })
    .click();
  await expect(page.getByTestId('comment-list')).toBeVisible(SYNC);
}

test('reply, hide, like, delete and a private reply each reach Meta once; the private reply’s conversation is in the inbox, linked both ways; Instagram likes are offered nowhere', async ({
  app,
  sandbox,
}) => {
  const texts = {
    fbReply: 'Do you ship to Lyon?',
    fbDelete: 'Buy followers at spam.example',
    fbPrivate: 'What is the wholesale price?',
    igReply: 'Love the colours',
    igPrivate: 'Can I order a custom one?',
  };
  const { fb, ig } = await postsWithComments(
    sandbox,
    [texts.fbReply, texts.fbDelete, texts.fbPrivate],
    [texts.igReply, texts.igPrivate],
  );
  const [fbReply, fbDelete, fbPrivate] = fb as [string, string, string];
  const [igReply, igPrivate] = ig as [string, string];
  await signInDemo(app);
  await openCommentsView(app);

  // Facebook: a reply to the comment, a like and a hide on it; another comment deleted.
  const t1 = threadOf(app, texts.fbReply);
  await expect(t1).toBeVisible(SYNC);
  await t1.getByRole('button', { name: 'Reply', exact: true }).click();
  await t1.getByRole('textbox').fill('Yes, in 3 days');
  await t1.getByRole('textbox').press('Enter');
  await t1.getByRole('button', { name: 'Like', exact: true }).click();
  await t1.getByRole('button', { name: 'Hide', exact: true }).click();
  await threadOf(app, texts.fbDelete).getByRole('button', { name: 'Delete', exact: true }).click();
  // Instagram: a reply to a top-level comment.
  const t4 = threadOf(app, texts.igReply);
  await t4.getByRole('button', { name: 'Reply', exact: true }).click();
  await t4.getByRole('textbox').fill('Thank you!');
  await t4.getByRole('textbox').press('Enter');

  const targets = [fbReply, fbDelete, igReply];
  const expected = [
    `reply:${fbReply}`,
    `like:${fbReply}`,
    `hide:${fbReply}`,
    `delete:${fbDelete}`,
    `reply:${igReply}`,
  ];
  await expect.poll(async () => (await writesOn(sandbox, targets)).length, SYNC).toBe(expected.length);
  // Each once; one comment's actions in the order they were made (comments are worked on side by side).
  const applied = await writesOn(sandbox, targets);
  expect([...applied].sort()).toEqual([...expected].sort());
  expect(applied.filter((w) => w.endsWith(`:${fbReply}`))).toEqual(expected.slice(0, 3));
  const replies = (await writes(sandbox)).filter((w) => w.kind === 'reply' && targets.includes(w.target));
  expect(replies.map((w) => w.text)).toEqual(['Yes, in 3 days', 'Thank you!']);
  await expect(t1.getByTestId('comment-action-state').filter({ hasText: 'done' })).toHaveCount(3);
  await expect(t1).toContainText('Hidden');

  // Instagram has no likes for apps: no Like on any Instagram comment, and the reason is there instead.
  await app.getByRole('tab', { name: 'Instagram' }).click();
  const igThreads = app.locator('[data-testid=comment-thread][data-platform=ig]');
  await expect(igThreads.first()).toBeVisible();
  await expect(igThreads.getByRole('button', { name: /^(Like|Unlike)$/ })).toHaveCount(0);
  await expect(igThreads.first()).toContainText('Instagram does not let apps like comments.');
  await app.getByRole('tab', { name: 'All' }).click();

  // A private reply: sent once; the comment says so and refuses a second one before anything is sent.
  const t3 = threadOf(app, texts.fbPrivate);
  const person = (await t3.getAttribute('aria-label'))!.replace(/^Comment by /, '');
  await t3.getByRole('button', { name: 'Reply privately' }).click();
  await t3
    .getByRole('textbox', { name: 'Private message (one per comment)' })
    .fill('Sent you our price list');
  await t3.getByRole('textbox', { name: 'Private message (one per comment)' }).press('Enter');
  await expect(t3.getByTestId('private-reply-sent')).toHaveText('Private reply sent', SYNC);
  const again = t3.getByRole('button', { name: 'Reply privately' });
  await expect(again).toBeDisabled();
  await expect(again).toHaveAccessibleDescription('Already sent: Meta allows one private reply per comment.');
  const privateWrites = (await writes(sandbox)).filter((w) => w.kind === 'private-reply');
  expect(privateWrites.map((w) => w.target)).toEqual([fbPrivate]);
  const { deliveries } = await sandboxControl<{ deliveries: { text: string; conversationId: string }[] }>(
    sandbox,
    'ledger',
  );
  expect(deliveries.filter((d) => d.text === 'Sent you our price list')).toHaveLength(1);

  // Its conversation: in the inbox once synced, opened from the comment, and it says where it started.
  await t3.getByTestId('open-private-conversation').click(SYNC);
  await expect(app.getByRole('region', { name: `Conversation with ${person}` })).toBeVisible();
  const selectedFb = app.locator('[data-testid=conversation][aria-selected=true]');
  await expect(selectedFb).toContainText(person);
  await expect(selectedFb).toHaveAttribute('data-platform', 'messenger');
  await expect(app.getByTestId('message').filter({ hasText: 'Sent you our price list' })).toHaveCount(1);
  const origin = app.getByTestId('conversation-origin');
  await expect(origin).toContainText('From a comment on “Spring candles are here 🌷”');
  await origin.getByRole('button', { name: 'Show the comment' }).click();
  const panel = app.getByTestId('post-comments');
  await expect(panel.getByTestId('comment-text').getByText(texts.fbPrivate, { exact: true })).toBeVisible();

  // On Instagram the private reply goes to the person's Instagram Direct conversation, linked the same way.
  await openCommentsView(app);
  const t5 = threadOf(app, texts.igPrivate);
  await t5.getByRole('button', { name: 'Reply privately' }).click();
  await t5
    .getByRole('textbox', { name: 'Private message (one per comment)' })
    .fill('Yes: tell us the colour');
  await t5.getByRole('textbox', { name: 'Private message (one per comment)' }).press('Enter');
  await expect(t5.getByTestId('private-reply-sent')).toBeVisible(SYNC);
  await expect(t5.getByRole('button', { name: 'Reply privately' })).toBeDisabled();
  await t5.getByTestId('open-private-conversation').click(SYNC);
  await expect(app.getByTestId('message').filter({ hasText: 'Yes: tell us the colour' })).toHaveCount(1);
  await expect(app.getByTestId('conversation-origin')).toContainText(
    'From a comment on “Behind the scenes ✨”',
  );
  // It is in the Inbox list (the selected row), as an Instagram conversation.
  const selected = app.locator('[data-testid=conversation][aria-selected=true]');
  await expect(selected).toHaveAttribute('data-platform', 'instagram');
  // Nothing more went out on the way: one private reply per comment.
  expect((await writes(sandbox)).filter((w) => w.kind === 'private-reply').map((w) => w.target)).toEqual([
    fbPrivate,
    igPrivate,
  ]);
});

test('offline: hide, reply and delete wait through a reload and go out once each, in order, when the network is back — without the Comments view open', async ({
  app,
  context,
  host,
  sandbox,
}) => {
  const texts = { first: 'Is this soy wax?', second: 'Cheap watches here!!!' };
  const { fb } = await postsWithComments(sandbox, [texts.first, texts.second], []);
  const [first, second] = fb as [string, string];
  await signInDemo(app);
  await openCommentsView(app);
  const t1 = threadOf(app, texts.first);
  const t2 = threadOf(app, texts.second);
  await expect(t2).toBeVisible(SYNC);

  await context.setOffline(true);
  await t1.getByRole('button', { name: 'Hide', exact: true }).click();
  await t1.getByRole('button', { name: 'Reply', exact: true }).click();
  await t1.getByRole('textbox').fill('Yes, 100 % soy');
  await t1.getByRole('textbox').press('Enter');
  await t2.getByRole('button', { name: 'Delete', exact: true }).click();
  const waiting = app.getByTestId('comment-action-state').filter({ hasText: 'waits until you are online' });
  await expect(waiting).toHaveCount(3);

  // Reload, still offline. The app's own files and host calls are served as Electron would serve them (from the
  // machine), but no comment call can leave and the browser says it is offline.
  const fromMachine = (url: URL) => url.origin === new URL(host.url).origin;
  const serve = async (route: Route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/events' || path.startsWith('/bridge/comments/'))
      return route.abort('internetdisconnected');
    return route.fulfill({ response: await route.fetch() });
  };
  await context.route(fromMachine, serve);
  await app.reload();
  await expect(nav(app)).toBeVisible();
  await openCommentsView(app);
  await expect(waiting).toHaveCount(3);
  await nav(app).getByRole('button', { name: /Home/ }).click();
  await expect(app.getByTestId('comment-list')).toHaveCount(0);
  expect(await writesOn(sandbox, [first, second])).toEqual([]);

  // Online again, on Home: the shell's queue sends each once, in the order made per comment.
  await context.unroute(fromMachine, serve);
  await context.setOffline(false);
  await expect
    .poll(() => writesOn(sandbox, [first, second]), SYNC)
    .toEqual(expect.arrayContaining([`hide:${first}`, `reply:${first}`, `delete:${second}`]));
  const done = await writesOn(sandbox, [first, second]);
  expect(done).toHaveLength(3);
  expect(done.filter((w) => w.endsWith(first))).toEqual([`hide:${first}`, `reply:${first}`]);
  await openCommentsView(app);
  await expect(t1).toContainText('Hidden');
  await expect(t1).toContainText('Yes, 100 % soy');
  await expect(t2).toContainText('Deleted on Facebook');
});

test('from the keyboard: H hides, Delete deletes and Delete again undoes with the focus kept; comments turned off on an Instagram post once; a new comment counts in the title as Settings says', async ({
  app,
  sandbox,
}) => {
  const { postId, mediaId, fb } = await postsWithComments(
    sandbox,
    ['Hide me by keyboard', 'Delete me by keyboard'],
    ['Comments go off here'],
  );
  const [hideId, deleteId] = fb as [string, string];
  await signInDemo(app);
  await openCommentsView(app);

  // H on the active thread (focus in it): the same as its Hide button, applied once.
  const hideThread = threadOf(app, 'Hide me by keyboard');
  await expect(hideThread).toBeVisible(SYNC);
  await hideThread.getByRole('button', { name: 'Reply', exact: true }).focus();
  await app.keyboard.press('h');
  await expect(hideThread.getByRole('button', { name: 'Unhide', exact: true })).toBeVisible();
  await expect.poll(() => writesOn(sandbox, [hideId]), SYNC).toEqual([`hide:${hideId}`]);

  // Delete, offline so it waits: the focus moves to Undo; Delete again undoes it; nothing reaches Meta.
  const deleteThread = threadOf(app, 'Delete me by keyboard');
  await app.context().setOffline(true);
  await deleteThread.getByRole('button', { name: 'Reply', exact: true }).focus();
  await app.keyboard.press('Delete');
  const undo = deleteThread.getByRole('button', { name: 'Undo delete' });
  await expect(undo).toBeFocused();
  await app.keyboard.press('Delete');
  await expect(deleteThread.getByRole('button', { name: 'Delete', exact: true })).toBeVisible();
  // Typed in a reply box, the letters are text, not actions.
  await deleteThread.getByRole('button', { name: 'Reply', exact: true }).click();
  await deleteThread.getByRole('textbox').pressSequentially('hld');
  await expect(deleteThread.getByRole('textbox')).toHaveValue('hld');
  await deleteThread.getByRole('textbox').press('Escape');
  await app.context().setOffline(false);
  await expect(app.locator('.shell-status')).toContainText(/Synced/, SYNC);
  expect(await writesOn(sandbox, [deleteId])).toEqual([]);

  // Comments off on the Instagram post, from its comments panel beside Home: once, and the switch says so.
  await nav(app).getByRole('button', { name: /Home/ }).click();
  const tile = app.locator('.tile-cell').first();
  await tile.getByTestId('open-comments').click();
  const panel = app.getByTestId('post-comments');
  await expect(panel).toContainText('Behind the scenes ✨', SYNC);
  const toggle = panel.getByTestId('comments-switch');
  await toggle.getByRole('button', { name: 'Turn comments off' }).click();
  await expect(toggle.getByRole('button', { name: 'Turn comments on' })).toBeVisible();
  await expect.poll(() => writesOn(sandbox, [mediaId]), SYNC).toEqual([`comments-off:${mediaId}`]);
  await expect(toggle).toContainText('Comments are off', SYNC);
  await panel.press('Escape');

  // One search for everything stored: the Inbox's search finds the comments and the post, and a comment hit opens
  // its post's comments beside Home.
  await nav(app).getByRole('button', { name: /Inbox/ }).click();
  await app.getByRole('searchbox', { name: 'Search messages, comments and posts' }).fill('keyboard');
  const results = app.getByTestId('search-results');
  await expect(results.getByTestId('search-comment-hit')).toHaveCount(2, SYNC);
  await app.getByRole('searchbox', { name: 'Search messages, comments and posts' }).fill('spring cand');
  await expect(results.getByTestId('search-post-hit').first()).toContainText('Spring candles are here');
  await app.getByRole('searchbox', { name: 'Search messages, comments and posts' }).fill('hide me by');
  await results.getByTestId('search-comment-hit').first().click();
  await expect(panel).toContainText('Spring candles are here', SYNC);
  await expect(panel.getByTestId('comment-text').filter({ hasText: 'Hide me by keyboard' })).toBeVisible();
  await panel.press('Escape');

  // The title counts unread messages and new comments; with comments left out in Settings, only the messages.
  const titleCount = async () => Number(/^\((\d+)\)/.exec(await app.title())?.[1] ?? 0);
  await expect(nav(app).getByTestId('comments-badge')).toHaveCount(0);
  const before = await titleCount();
  await sandboxControl(sandbox, 'comments', { objectId: postId, text: 'Counted in the title?' });
  await expect(nav(app).getByTestId('comments-badge')).toHaveText('1', SYNC);
  await expect.poll(titleCount).toBe(before + 1);
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = app.getByRole('dialog', { name: 'Settings' });
  // The switch follows the stored setting (it changes once the host has saved it): click, then wait for it.
  const countComments = settings.getByLabel('Count new comments');
  await countComments.click();
  await expect(countComments).not.toBeChecked();
  await expect.poll(titleCount).toBe(before);
  await countComments.click();
  await expect(countComments).toBeChecked();
  await expect.poll(titleCount).toBe(before + 1);
  await app.keyboard.press('Escape');
});
