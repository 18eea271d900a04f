// Privacy & data end to end, through the browser host against a per-test sandbox: revoking
// instagram_manage_messages in the panel turns the Instagram reply box into "Grant again" while Messenger replies
// still go out; Grant again brings the box back and the reply is delivered; data access running out explains itself
// and a new consent resumes.
import { type Page } from '@playwright/test';
import { expect, sandboxControl, signInDemo, test } from './fixtures';
import { idbCounts } from './support/idb';

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

async function reply(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Reply' });
  await expect(page.locator('form.composer')).toHaveAttribute('data-window', /open|closing/, SYNC);
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

test('revoke one permission, see what stops, grant it again; data access running out asks for consent', async ({
  app,
  sandbox,
}) => {
  await signInDemo(app);
  await app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
  await openConversation(app, 'instagram');
  await expect(app.getByRole('textbox', { name: 'Reply' })).toBeVisible();

  // Privacy & data from the palette: what is stored matches the store (only this account syncs), and every
  // permission is allowed.
  await expect(app.locator('.shell-status')).toContainText(/Synced/, SYNC);
  const panel = app.getByRole('dialog', { name: 'Privacy & data' });
  await expect(async () => {
    if (await panel.isVisible()) await panel.getByRole('button', { name: 'Close' }).click();
    await app.keyboard.press('Control+k');
    await app.keyboard.type('Privacy');
    await app.keyboard.press('Enter');
    const shown: Record<string, number> = {};
    for (const kind of ['posts', 'media', 'stories', 'conversations', 'messages', 'outbox']) {
      shown[kind] = Number(await panel.locator(`tr[data-kind=${kind}]`).getAttribute('data-count'));
    }
    const stored = await idbCounts(app);
    expect(shown).toEqual({
      posts: stored.posts,
      media: stored.media,
      stories: stored.stories,
      conversations: stored.conversations,
      messages: stored.messages,
      outbox: stored.outbox,
    });
    expect(shown.messages).toBeGreaterThan(0);
  }).toPass(SYNC);
  await expect(panel).toContainText(/Access token\s*Present \(.{4}….{2}\)/);
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
  await openConversation(app, 'messenger');
  await reply(app, 'Messenger still works');
  await expect.poll(() => delivered(sandbox, 'Messenger still works'), SYNC).toEqual(['messenger']);

  await openConversation(app, 'instagram');
  await app.getByRole('button', { name: 'Grant again' }).click();
  await reply(app, 'Instagram works again');
  await expect.poll(() => delivered(sandbox, 'Instagram works again'), SYNC).toEqual(['instagram']);

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
