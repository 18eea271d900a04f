// One sign-in for both platforms: demo, access token, Facebook Login (cancel), expiry, sign-out.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, sandboxControl, signInDemo, test } from './fixtures';
import { allStoredText, idbCounts } from './support/idb';

type State = { demoUserId: string; pages: Array<{ id: string; name: string; instagramUsername?: string }> };

test('demo sign-in in one click shows the Page and its Instagram account, and the other Pages', async ({
  app,
  sandbox,
}) => {
  const state = await sandboxControl<State>(sandbox, 'state');
  await signInDemo(app);
  const first = state.pages[0]!;
  const switcher = app.getByRole('button', { name: new RegExp(first.name) });
  await expect(switcher).toBeVisible();
  await expect(switcher).toContainText(`@${first.instagramUsername}`);
  await switcher.click();
  const menu = app.getByRole('menu', { name: 'Pages' });
  for (const page of state.pages.filter((p) => p.id !== first.id).slice(0, 2))
    await expect(menu).toContainText(page.name);
  await expect(menu).toContainText('No Instagram account linked');
  await app.keyboard.press('Escape');
  await expect(menu).toBeHidden();
});

test('access-token sign-in accepts a valid token and rejects a bad one with a clear message', async ({
  app,
  sandbox,
}) => {
  await app.getByRole('button', { name: 'Use an access token instead' }).click();
  const input = app.getByLabel('User, Page or system-user access token');
  await input.fill('EAAthis-is-not-a-valid-token-at-all');
  await app.getByRole('button', { name: 'Sign in with token' }).click();
  await expect(app.getByRole('alert')).toContainText(/token/i);
  await expect(app.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();

  const { access_token } = await sandboxControl<{ access_token: string }>(sandbox, 'tokens', {});
  await input.fill(access_token);
  await app.getByRole('button', { name: 'Sign in with token' }).click();
  await expect(app.getByRole('navigation', { name: 'Views' })).toBeVisible();
  // The token never reached the page's storage.
  expect(await allStoredText(app)).not.toContain(access_token);
});

test('cancelling Facebook Login returns to the sign-in screen with an explanation', async ({ app }) => {
  await app.getByRole('button', { name: 'Continue with Facebook' }).click();
  await expect(app.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await app.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();
  await expect(app.getByRole('alert')).toContainText(/cancel/i);
});

test('Facebook Login through the dialog signs in', async ({ app }) => {
  await app.getByRole('button', { name: 'Continue with Facebook' }).click();
  await app.getByRole('button', { name: 'Continue' }).click();
  await expect(app.getByRole('navigation', { name: 'Views' })).toBeVisible();
  // The token fragment did not stay in the address bar or history.
  expect(app.url()).not.toContain('access_token');
});

test('an expired session says so once, and the header says signed out instead of "Synced"', async ({
  app,
  sandbox,
}) => {
  test.setTimeout(180_000);
  const state = await sandboxControl<State>(sandbox, 'state');
  await signInDemo(app);
  await expect(app.getByTestId('post-card').first()).toBeVisible({ timeout: 60_000 });
  await expect(app.getByTestId('sync-status')).toContainText('Synced', { timeout: 90_000 });
  await sandboxControl(sandbox, 'tokens/expire', { userId: state.demoUserId });
  const banner = app.getByRole('alert').filter({ hasText: 'session has expired' });
  await expect(banner).toBeVisible({ timeout: 30_000 });
  expect((await banner.innerText()).split('Your Facebook session has expired.')).toHaveLength(2);
  await expect(app.getByTestId('sync-status')).toHaveText('Signed out — sign in again to sync');
  await expect(app.getByTestId('feed-sync')).not.toContainText('Synced');
});

test('a revoked token shows the expired banner and keeps everything local', async ({ app, sandbox }) => {
  test.setTimeout(180_000);
  const state = await sandboxControl<State>(sandbox, 'state');
  await signInDemo(app);
  await expect.poll(async () => (await idbCounts(app)).posts ?? 0, { timeout: 60_000 }).toBeGreaterThan(20);
  await expect
    .poll(async () => (await idbCounts(app)).conversations ?? 0, { timeout: 60_000 })
    .toBeGreaterThan(5);
  const before = await idbCounts(app);

  await sandboxControl(sandbox, 'tokens/revoke', { userId: state.demoUserId });
  await expect(app.getByText('Your Facebook session has expired.')).toBeVisible({ timeout: 30_000 });
  const after = await idbCounts(app);
  expect(after.posts).toBeGreaterThanOrEqual(before.posts!);
  expect(after.conversations).toBeGreaterThanOrEqual(before.conversations!);
  expect(after.messages).toBeGreaterThanOrEqual(before.messages!);

  // Signing in again as the same user resumes with the same data.
  await app.getByRole('button', { name: 'Sign in again' }).click();
  await expect(app.getByText('Your Facebook session has expired.')).toBeHidden({ timeout: 30_000 });
  expect((await idbCounts(app)).posts).toBeGreaterThanOrEqual(before.posts!);
});

test('sign-out says what it deletes, then leaves no token and no cached rows', async ({ app, dataDir }) => {
  test.setTimeout(180_000);
  await signInDemo(app);
  await expect.poll(async () => (await idbCounts(app)).posts ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
  await app.getByRole('button', { name: 'Settings' }).click();
  await app.getByRole('button', { name: 'Sign out…' }).click();
  await expect(app.getByTestId('sign-out-summary')).toContainText('your access token');
  await expect(app.getByTestId('sign-out-summary')).toContainText(/saved posts/, { timeout: 60_000 });
  await app.getByTestId('confirm-sign-out').click();
  await expect(app.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();

  await expect
    .poll(async () => Object.values(await idbCounts(app)).reduce((a, b) => a + b, 0), { timeout: 15_000 })
    .toBe(0);
  // And it stays empty: nothing left running writes into a fresh database.
  await app.waitForTimeout(3000);
  expect(Object.values(await idbCounts(app)).reduce((a, b) => a + b, 0)).toBe(0);
  const hostDir = join(dataDir, 'host');
  expect(existsSync(join(hostDir, 'credentials.json'))).toBe(false);
  const mediaDir = join(hostDir, 'media-cache');
  const cachedFiles = existsSync(mediaDir)
    ? readdirSync(mediaDir, { recursive: true })
        .map(String)
        .filter((f) => statSync(join(mediaDir, f)).isFile() && !f.endsWith('.json'))
    : [];
  expect(cachedFiles).toEqual([]);
});
