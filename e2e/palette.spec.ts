// The command palette and the shortcut list in Chromium, against the demo sandbox: Ctrl+K finds a person by part
// of their name and Enter opens their conversation; a command runs from the palette; `?` lists the shortcuts;
// Escape gives focus back. (Axe checks the open palette and the shortcut list in both themes: a11y.spec.ts.)
import { type Page } from '@playwright/test';
import { expect, signInDemo, test } from './fixtures';

const SYNC = { timeout: 30_000 };

const palette = (page: Page) => page.getByRole('dialog', { name: 'Search commands and conversations' });
const box = (page: Page) => page.getByRole('combobox', { name: /Search commands/ });

async function openPalette(page: Page): Promise<void> {
  await page.keyboard.press('Control+k');
  await expect(box(page)).toBeFocused();
}

test('Ctrl+K, part of a name, Enter: that conversation opens', async ({ app }) => {
  await signInDemo(app);
  // Learn a real name from the synced list (the third row, so the answer is not simply the newest).
  await app.getByRole('button', { name: 'Inbox' }).click();
  const row = app.getByTestId('conversation').nth(2);
  await expect(row).toBeVisible(SYNC);
  const name = (await row.locator('.conv-name').innerText()).trim();
  expect(name.length).toBeGreaterThan(3);
  await app.keyboard.press('Control+1');
  await expect(app.getByRole('button', { name: 'Home' })).toHaveAttribute('aria-current', 'page');

  await openPalette(app);
  await box(app).fill(name.slice(0, -1));
  const options = palette(app).getByRole('option');
  const person = options.filter({ hasText: name }).first();
  await expect(person).toBeVisible();
  await expect(palette(app).getByRole('status')).toHaveText(/^\d+ results?$/);
  // Move to it with the arrow keys; the box keeps focus and points at the active option.
  const labels = await options.allInnerTexts();
  const index = labels.findIndex((l) => l.startsWith(name));
  for (let i = 0; i < index; i++) await app.keyboard.press('ArrowDown');
  await expect(person).toHaveAttribute('aria-selected', 'true');
  await expect(box(app)).toHaveAttribute('aria-activedescendant', (await person.getAttribute('id'))!);
  await app.keyboard.press('Enter');
  await expect(palette(app)).toBeHidden();
  await expect(app.getByRole('region', { name: `Conversation with ${name}` })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Inbox' })).toHaveAttribute('aria-current', 'page');

  // Reply is offered only where a reply can be written: not in a conversation whose 24 h window has closed…
  const reply = app.getByRole('textbox', { name: 'Reply' });
  const replyOption = palette(app).getByRole('option', { name: /^Reply/ });
  if (await reply.isDisabled()) {
    await openPalette(app);
    await box(app).fill('reply');
    await expect(palette(app).getByRole('status')).toBeVisible();
    await expect(replyOption).toHaveCount(0);
    await app.keyboard.press('Escape');
  }
  // …but in the newest conversation (the demo's customer wrote minutes ago), where it runs: the box gets focus.
  await app.getByTestId('conversation').first().click();
  await expect(reply).toBeEnabled();
  await app.getByTestId('conversation').first().focus();
  await openPalette(app);
  await box(app).fill('reply');
  await expect(replyOption).toContainText('R');
  await replyOption.click();
  await expect(reply).toBeFocused();
});

test('"Open settings" runs from the palette; Escape closes it and gives focus back', async ({ app }) => {
  await signInDemo(app);
  const settings = app.getByRole('button', { name: 'Settings' });
  await settings.focus();
  await openPalette(app);
  await expect(palette(app).getByRole('option', { name: /Open settings/ })).toContainText('Ctrl+,');
  await app.keyboard.press('Escape');
  await expect(palette(app)).toBeHidden();
  await expect(settings).toBeFocused();

  await openPalette(app);
  await box(app).fill('open setings'); // a typo still finds it
  await expect(palette(app).getByRole('option').first()).toContainText('Open settings');
  await app.keyboard.press('End');
  await app.keyboard.press('Home');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('dialog', { name: 'Settings' })).toBeVisible();
});

test('`?` lists every shortcut; typed into a field it is just a question mark', async ({ app }) => {
  await signInDemo(app);
  await app.locator('body').press('?');
  const list = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(list).toBeVisible();
  for (const [label, keys] of <Array<[string, string]>>[
    ['Go to Home', 'Ctrl+1'],
    ['Go to Inbox', 'Ctrl+2'],
    ['Open settings', 'Ctrl+,'],
    ['Search commands and conversations', 'Ctrl+K'],
  ])
    await expect(list.getByRole('row', { name: label })).toContainText(keys);
  await app.keyboard.press('Escape');
  await expect(list).toBeHidden();

  await app.getByRole('button', { name: 'Inbox' }).click();
  const search = app.getByRole('searchbox', { name: 'Search messages' });
  await search.fill('why?');
  await expect(search).toHaveValue('why?');
  await expect(list).toBeHidden();
});
