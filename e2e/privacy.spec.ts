// Privacy & data end to end, through the browser host against a per-test sandbox: revoking
// instagram_manage_messages in the panel turns the Instagram reply box into "Grant again" while Messenger replies
// still go out; Grant again brings the box back and the reply is delivered; data access running out explains itself
// and a new consent resumes. Deleting stored data: messages older than a date (the review counts exactly what goes),
// the whole account (an unsent reply stays and is sent once online; the account backfills again), this account's
// pictures (the inventory then counts none for it), and the media cache
// (placeholders while the CDN fails, pictures again once it answers); the inventory matches the store after each. Take it
// out: the export of the account downloads as one zip that holds every stored conversation with its messages and
// the cached pictures its rows point to, and no token anywhere in its bytes. The conversation list shows the same
// notice for Instagram while Messenger keeps syncing; a permission removed on Facebook itself turns the feed's next
// refused call into the notice over its saved posts (and Grant again syncs it); a person without the Messaging task
// on the Page gets a disabled reply box that says so.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
import { ExportManifest, forEachMediaRef, MANIFEST_NAME } from '../shared/export/format';
import { expect, sandboxControl, signInDemo, test } from './fixtures';
import { idbCounts, idbKeys } from './support/idb';
import { demoPage, removePermissionOnFacebook, setTasksOnEveryPage } from './support/meta-settings';
import { visibleImages } from './support/images';

test.describe.configure({ timeout: 180_000 });
const SYNC = { timeout: 60_000 };

type Sandbox = Parameters<typeof sandboxControl>[0];
const delivered = async (sandbox: Sandbox, text: string) =>
  (
    await sandboxControl<{ deliveries: Array<{ text: string; platform: string }> }>(sandbox, 'ledger')
  ).deliveries
    .filter((d) => d.text === text)
    .map((d) => d.platform);

async function openConversation(page: Page, platform: 'messenger' | 'instagram') {
  await page.locator(`[data-testid=conversation][data-platform=${platform}]`).first().click();
  await expect(page.getByTestId('message').first()).toBeVisible(SYNC);
}

/** Exports from the open panel, downloads the archive and checks what is in it against the store. */
async function exportAndCheck(page: Page, panel: ReturnType<Page['getByRole']>, dataDir: string) {
  const conversations = await idbKeys(page, 'conversations');
  const messages = await idbKeys(page, 'messages');
  expect(messages.length).toBeGreaterThan(0);
  await panel.getByRole('button', { name: /^Export everything for / }).click();
  const link = panel.getByRole('link', { name: /^Download Duet export .*\.zip$/ });
  await expect(link).toBeVisible(SYNC);
  const summary = panel.getByRole('table', { name: 'In the archive' });
  await expect(summary.locator('tr[data-kind=messages]')).toContainText(/\d/);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const zip = join(dataDir, 'export.zip');
  await download.saveAs(zip);
  await expect(panel).toContainText('The link works once');

  const text = (name: string) => execFileSync('unzip', ['-p', zip, name], { maxBuffer: 1 << 28 }).toString();
  const names = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
  const manifest = ExportManifest.parse(JSON.parse(text(MANIFEST_NAME)));
  const folder = manifest.account.folder;
  const convs = JSON.parse(text(`${folder}/conversations.json`)) as Array<{ id: string }>;
  const msgs = text(`${folder}/messages.jsonl`)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; conversationId: string });
  // Every stored conversation and every stored message (sync may have added more since: a superset).
  const convIds = new Set(convs.map((c) => c.id));
  for (const id of conversations) expect(convIds.has(id), id).toBe(true);
  const msgIds = new Set(msgs.map((m) => m.id));
  for (const id of messages) expect(msgIds.has(id), id).toBe(true);
  for (const m of msgs) expect(convIds.has(m.conversationId)).toBe(true);
  // Pictures: the rows' paths resolve to files in the archive, and there are some.
  const files = names.filter((n) => n.startsWith(`${folder}/media/`));
  expect(files.length).toBeGreaterThan(0);
  expect(files.length).toBe(manifest.files.count);
  for (const kind of ['posts.json', 'media.json', 'conversations.json'])
    forEachMediaRef(JSON.parse(text(`${folder}/${kind}`)), (ref) => {
      if (ref.file) expect(names).toContain(`${folder}/${ref.file}`);
    });
  // No token, in the archive's bytes or in any entry unpacked.
  const vault = JSON.parse(readFileSync(join(dataDir, 'host', 'credentials.json'), 'utf8')) as {
    userToken: string;
    pageTokens: Record<string, string>;
  };
  const tokens = [vault.userToken, ...Object.values(vault.pageTokens)];
  const unpacked = execFileSync('unzip', ['-p', zip], { maxBuffer: 1 << 28 });
  for (const t of tokens) {
    expect(t.length).toBeGreaterThan(20);
    expect(readFileSync(zip).includes(t)).toBe(false);
    expect(unpacked.includes(t)).toBe(false);
  }
}

async function reply(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Reply' });
  await expect(page.locator('form.composer')).toHaveAttribute('data-window', /open|closing/, SYNC);
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

/** Opens Privacy & data from the palette, waiting for each step (typing before the palette lists it loses the Enter). */
async function openPrivacy(app: Page) {
  const panel = app.getByRole('dialog', { name: 'Privacy & data' });
  if (await panel.isVisible()) await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
  await app.keyboard.press('Control+k');
  await expect(app.getByRole('combobox', { name: /Search commands/ })).toBeFocused();
  await app.keyboard.type('Privacy');
  await expect(app.getByRole('option', { name: /Open Privacy & data/ })).toBeVisible();
  await app.keyboard.press('Enter');
  await expect(panel).toBeVisible();
  return panel;
}

/** The stored-data table's counts of the Privacy & data panel (opened from the palette), next to the store's own. */
async function inventoryMatchesStore(app: Page) {
  const panel = app.getByRole('dialog', { name: 'Privacy & data' });
  await expect(async () => {
    // Opened afresh each try: the table counts the store when the panel opens.
    await openPrivacy(app);
    const shown: Record<string, number> = {};
    for (const kind of INVENTORY_KINDS) {
      const row = panel
        .getByRole('table', { name: 'Stored for this account' })
        .locator(`tr[data-kind=${kind}]`);
      shown[kind] = Number(await row.getAttribute('data-count', { timeout: 10_000 }));
    }
    const stored = await idbCounts(app);
    expect(shown).toEqual(Object.fromEntries(INVENTORY_KINDS.map((k) => [k, stored[k]])));
  }).toPass(SYNC);
  return panel;
}
const INVENTORY_KINDS = ['posts', 'media', 'stories', 'conversations', 'messages', 'outbox'] as const;

/** Picks a kind in the Delete stored data section with the keyboard and opens the review step. */
async function reviewDelete(app: Page, label: string) {
  const panel = app.getByRole('dialog', { name: 'Privacy & data' });
  const radio = panel.getByRole('radio', { name: label });
  await radio.focus();
  await app.keyboard.press('Space');
  await expect(radio).toBeChecked();
  return panel;
}

/** Stored messages of the signed-in store older than `before` (epoch ms), and how many are newer. */
function messagesAround(app: Page, before: number) {
  return app.evaluate(async (t) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('duet');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rows = await new Promise<Array<{ createdTime: number; state?: string }>>((resolve, reject) => {
      const req = db.transaction('messages').objectStore('messages').getAll();
      req.onsuccess = () => resolve(req.result as never);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return {
      older: rows.filter((m) => m.createdTime < t).length,
      newer: rows.filter((m) => m.createdTime >= t).length,
      unsent: rows.filter((m) => m.state === 'queued').length,
    };
  }, before);
}

test('revoke one permission, see what stops, grant it again; data access running out asks for consent; export', async ({
  app,
  sandbox,
  dataDir,
}) => {
  await signInDemo(app);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await openConversation(app, 'instagram');
  await expect(app.getByRole('textbox', { name: 'Reply' })).toBeVisible();

  // Privacy & data from the palette: what is stored matches the store (only this account syncs), and every
  // permission is allowed.
  await expect(app.locator('.shell-status')).toContainText(/Synced/, SYNC);
  const panel = app.getByRole('dialog', { name: 'Privacy & data' });
  await inventoryMatchesStore(app);
  expect((await idbCounts(app)).messages).toBeGreaterThan(0);
  await expect(panel).toContainText(/Access token\s*Present \(.{4}….{2}\)/);
  await exportAndCheck(app, panel, dataDir);
  const row = panel.locator('[data-permission=instagram_manage_messages]');
  await expect(row).toContainText('Allowed', SYNC);
  await expect(row).toContainText('Reply to Instagram messages');
  await expect(row).toContainText(/Applies to: @/);
  await expect(panel).toContainText(/Data access ends/);
  await row.getByRole('button', { name: 'Revoke instagram_manage_messages' }).click();
  const confirm = app.getByRole('dialog', { name: 'Revoke instagram_manage_messages?' });
  await expect(confirm).toContainText('Reply to Instagram messages');
  await expect(confirm).not.toContainText('Reply to Messenger messages');
  await confirm.getByRole('button', { name: 'Revoke instagram_manage_messages' }).click();
  await expect(row).toContainText('Not allowed');
  await panel.getByRole('button', { name: 'Close' }).click();

  // The Instagram reply box says what is missing and offers Grant again; Messenger still replies.
  const notice = app.getByText('Reply to Instagram messages needs instagram_manage_messages.');
  await expect(notice).toBeVisible();
  await expect(app.getByRole('textbox', { name: 'Reply' })).toHaveCount(0);
  // The conversation list says it too, above the saved conversations of both platforms (nothing blanks), and
  // Messenger keeps syncing: a new Messenger conversation still arrives.
  const side = app.getByRole('complementary', { name: 'Inbox' });
  const listNotice = side.getByTestId('missing-permission');
  await expect(listNotice).toContainText('Read Instagram messages needs instagram_manage_messages.');
  await expect(listNotice.getByRole('button', { name: 'Grant again' })).toBeVisible();
  await expect(side.locator('[data-testid=conversation][data-platform=instagram]').first()).toBeVisible();
  const pageId = (await demoPage(sandbox)).id;
  await sandboxControl(sandbox, 'inbound', {
    pageId,
    platform: 'messenger',
    text: 'Still here on Messenger',
  });
  await expect(
    side
      .locator('[data-testid=conversation][data-platform=messenger]')
      .filter({ hasText: 'Still here on Messenger' }),
  ).toBeVisible(SYNC);
  await expect(side.getByText(/Duet is missing the/)).toHaveCount(0);
  await openConversation(app, 'messenger');
  await reply(app, 'Messenger still works');
  await expect.poll(() => delivered(sandbox, 'Messenger still works'), SYNC).toEqual(['messenger']);

  await openConversation(app, 'instagram');
  await app.locator('.composer').getByRole('button', { name: 'Grant again' }).click();
  await reply(app, 'Instagram works again');
  await expect.poll(() => delivered(sandbox, 'Instagram works again'), SYNC).toEqual(['instagram']);
  await expect(listNotice).toHaveCount(0, SYNC);

  // Data access runs out (90 days without consent): the next sync explains it, and signing in again renews it.
  const { users } = await sandboxControl<{ users: { id: string }[] }>(sandbox, 'state');
  await sandboxControl(sandbox, 'data-access/expire', { userId: users[0]!.id });
  const banner = app
    .getByRole('alert')
    .filter({ hasText: 'permission for Duet to read your Pages’ data ended' });
  await expect(banner).toBeVisible(SYNC);
  await banner.getByRole('button', { name: 'Sign in again' }).click();
  await expect(banner).toHaveCount(0, SYNC);
  await expect(app.locator('.shell')).toHaveAttribute('data-session', 'active');
});

test('delete stored data: old messages, the whole account (the unsent reply stays and is sent), pictures', async ({
  app,
  sandbox,
}) => {
  await signInDemo(app);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await openConversation(app, 'messenger');
  await expect(app.locator('.shell-status')).toContainText(/Synced/, SYNC);
  // Delete stored data, offline with a reply waiting. Messages older than a week: the older ones go, the newer stay,
  // and the review counts exactly what the store then loses.
  // The panel opens once online first: the emulated offline blocks loopback too, so the palette's and the panel's
  // lazy chunks must already be loaded (a real app loads them from its own files, which offline never blocks).
  const panel = await inventoryMatchesStore(app);
  // This account's pictures (the feed it opened on and the inbox cached some): after the delete the inventory
  // counts none for this account.
  const mine = panel.getByTestId('media-cache-account');
  await expect(mine).toHaveAttribute('data-count', /^[1-9]/);
  await reviewDelete(app, 'Pictures and videos of this account');
  await panel.getByRole('button', { name: 'Review what will be deleted…' }).click();
  await app
    .getByRole('dialog', { name: 'Delete pictures and videos of this account?' })
    .getByRole('button', { name: /^Delete [\d,]+ items?$/ })
    .click();
  await expect(app.getByRole('status').filter({ hasText: /of pictures and videos/ })).toBeVisible();
  await expect(mine).toHaveAttribute('data-count', '0');
  await expect(mine).toContainText(/^0 files, 0 B for this account/);
  await panel.getByRole('button', { name: 'Close' }).click();
  await app.context().setOffline(true);
  await reply(app, 'Kept through every delete');
  await expect(app.getByTestId('message').filter({ hasText: 'Kept through every delete' })).toBeVisible();
  await inventoryMatchesStore(app);
  await reviewDelete(app, 'Messages older than a date');
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  const day = `${weekAgo.getFullYear()}-${String(weekAgo.getMonth() + 1).padStart(2, '0')}-${String(weekAgo.getDate()).padStart(2, '0')}`;
  await panel.getByLabel('Delete messages sent before').fill(day);
  const cutoff = new Date(weekAgo.getFullYear(), weekAgo.getMonth(), weekAgo.getDate()).getTime();
  const around = await messagesAround(app, cutoff);
  expect(around.older).toBeGreaterThan(0);
  expect(around.newer).toBeGreaterThan(0);
  await panel.getByRole('button', { name: 'Review what will be deleted…' }).press('Enter');
  let review = app.getByRole('dialog', { name: 'Delete messages older than a date?' });
  await expect(review.locator('li[data-kind=messages]')).toHaveAttribute('data-count', String(around.older));
  await expect(review).toContainText('This cannot be undone.');
  await review.getByRole('button', { name: /^Delete [\d,]+ items$/ }).click();
  await expect(app.getByRole('status').filter({ hasText: /Deleted [\d,]+ items/ })).toBeVisible();
  expect(await messagesAround(app, cutoff)).toEqual({ older: 0, newer: around.newer, unsent: 1 });
  await inventoryMatchesStore(app);

  // Everything of the account: the review warns about the unsent reply, which stays and is sent once online; then
  // the account backfills again and the inventory matches the store.
  await reviewDelete(app, 'Everything stored for this account');
  await panel.getByRole('button', { name: 'Review what will be deleted…' }).click();
  review = app.getByRole('dialog', { name: 'Delete everything stored for this account?' });
  await expect(review).toContainText('1 reply you wrote has not been sent yet. They are kept.');
  await expect(review.getByRole('checkbox', { name: 'Also delete the 1 unsent reply' })).not.toBeChecked();
  await review.getByRole('button', { name: /^Delete [\d,]+ items$/ }).click();
  await expect(app.getByRole('status').filter({ hasText: /Deleted [\d,]+ items/ })).toBeVisible();
  const left = await idbCounts(app);
  expect([left.posts, left.media, left.outbox, left.messages, left.conversations]).toEqual([0, 0, 1, 1, 1]);
  await panel.getByRole('button', { name: 'Close' }).click();
  await app.context().setOffline(false);
  await expect.poll(() => delivered(sandbox, 'Kept through every delete'), SYNC).toEqual(['messenger']);
  await expect(app.locator('.shell-status')).toContainText(/Synced/, SYNC);
  await inventoryMatchesStore(app);
  await expect(panel.locator('tr[data-kind=posts]')).not.toHaveAttribute('data-count', '0');

  // The feed shows its pictures again, downloaded anew, so the media cache has files to delete below.
  await panel.getByRole('button', { name: 'Close' }).click();
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Home/ }).click();
  const feed = '[data-testid=feed-scroll]';
  await expect
    .poll(async () => {
      const { total, loaded } = await visibleImages(app, feed);
      return total > 0 && total === loaded;
    }, SYNC)
    .toBe(true);
  await openPrivacy(app);
  await expect(mine).toHaveAttribute('data-count', /^[1-9]/);

  // Pictures and videos: after the delete, pictures the CDN cannot serve show a placeholder (never a broken image),
  // and once it answers again they download again.
  await reviewDelete(app, 'Pictures and videos (every account)');
  await panel.getByRole('button', { name: 'Review what will be deleted…' }).click();
  review = app.getByRole('dialog', { name: 'Delete pictures and videos (every account)?' });
  await review.getByRole('button', { name: /^Delete [\d,]+ items$/ }).click();
  await expect(app.getByRole('status').filter({ hasText: /of pictures and videos/ })).toBeVisible();
  await sandboxControl(sandbox, 'faults', { route: '/cdn/**', kind: 'http-500' });
  await app.reload();
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Home/ }).click();
  await expect(app.locator(`${feed} [data-placeholder]`).first()).toBeVisible(SYNC);
  expect((await visibleImages(app, feed)).loaded).toBe(0);
  await sandboxControl(sandbox, 'faults', undefined, 'DELETE');
  await app.reload();
  await expect
    .poll(async () => {
      const { total, loaded } = await visibleImages(app, feed);
      return total > 0 && total === loaded;
    }, SYNC)
    .toBe(true);
});

test('a permission removed on Facebook: the feed keeps its posts under Grant again, then syncs again', async ({
  app,
  sandbox,
}) => {
  await signInDemo(app);
  const feed = app.getByTestId('feed-column');
  await expect(feed.getByTestId('post-card').first()).toBeVisible(SYNC);
  await expect(app.locator('.shell-status')).toContainText(/Synced/, SYNC);

  // The person removes pages_read_engagement in Facebook's settings (Apps and Websites), not in Duet: Duet learns it
  // only when Meta refuses its next call (#10), and then re-reads the permission state.
  await removePermissionOnFacebook(sandbox, 'pages_read_engagement');
  const notice = feed.getByTestId('missing-permission');
  await expect(notice).toContainText('Read the Page’s posts needs pages_read_engagement.', SYNC);
  await expect(notice.getByRole('button', { name: 'Grant again' })).toBeVisible();
  // Not a raw error, and what was saved stays on screen.
  await expect(feed.locator('.column-error')).toHaveCount(0);
  await expect(feed).not.toContainText('Duet is missing');
  await expect(feed.getByTestId('post-card').first()).toBeVisible();

  // A post published meanwhile arrives once the permission is given again.
  const pageId = (await demoPage(sandbox)).id;
  await sandboxControl(sandbox, 'posts', { pageId, message: 'Posted while Duet could not read the Page' });
  await notice.getByRole('button', { name: 'Grant again' }).click();
  await expect(notice).toHaveCount(0, SYNC);
  await expect(feed.getByTestId('post-card').first().getByTestId('post-text')).toHaveText(
    'Posted while Duet could not read the Page',
    SYNC,
  );
  await expect(feed.locator('.column-error')).toHaveCount(0);
});

test('without the Messaging task on the Page the reply box is disabled and says who can give it', async ({
  app,
  sandbox,
}) => {
  // A moderator's role on every Page of the demo user: everything but Messaging (the sandbox's /me/accounts then
  // lists these tasks, as Meta does for the person's role).
  const pages = await setTasksOnEveryPage(sandbox, ['MODERATE', 'CREATE_CONTENT', 'ANALYZE', 'ADVERTISE']);
  await signInDemo(app);
  const pageName = (await app.getByTestId('feed-column').locator('.column-subtitle').innerText()).trim();
  expect(pages.map((p) => p.name)).toContain(pageName);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await openConversation(app, 'messenger');

  const composer = app.locator('form.composer');
  await expect(composer).toHaveAttribute('data-window', 'no-task');
  await expect(app.getByRole('textbox', { name: 'Reply' })).toBeDisabled();
  await expect(composer.getByRole('button', { name: 'Send' })).toBeDisabled();
  await expect(composer.getByTestId('missing-task')).toContainText(
    `Reply to Messenger messages needs the Messaging task on ${pageName.replace(/\.$/, '')}. Ask a Page admin in Meta Business Suite to give it to you.`,
  );
  // Login cannot give a task: no Grant again, only the way to Privacy & data.
  await expect(composer.getByRole('button', { name: 'Grant again' })).toHaveCount(0);
  await expect(composer.getByRole('button', { name: 'Privacy & data' })).toBeVisible();
  await openConversation(app, 'instagram');
  await expect(composer.getByTestId('missing-task')).toContainText(
    'Reply to Instagram messages needs the Messaging task',
  );
});
