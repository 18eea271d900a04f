// Every view passes axe-core's WCAG 2.2 AA rules with no serious or critical violation, in the light and the dark
// theme: sign-in, Home (feed, gallery, stories, the media viewer), Inbox (list, thread, composer, search results),
// the command palette, the shortcut list, the composer, Posts, Settings, Diagnostics and the sign-out dialog; and the
// missing-permission and missing-task notices.
import { type Page } from '@playwright/test';
import { expect, signInDemo, test } from './fixtures';
import { axeBothThemes, formatProblems, type A11yProblem } from './support/a11y';
import { removePermissionOnFacebook, setTasksOnEveryPage } from './support/meta-settings';

const SYNC = { timeout: 60_000 };

/** One view the check visits: how to get there from the previous one (in order), and how to leave it. */
type View = { name: string; open(page: Page): Promise<void>; close?(page: Page): Promise<void> };

const nav = (page: Page) => page.getByRole('navigation', { name: 'Views' });

/**
 * The signed-in views in the order they are visited. A new view (a new dialog, the command palette) is one more
 * entry here: `{ name: 'command palette', open: (p) => p.keyboard.press('Control+K'), close: pressEscape }`.
 */
const SIGNED_IN_VIEWS: View[] = [
  {
    name: 'Home (feed, gallery, stories)',
    async open(page) {
      await expect(page.getByTestId('post-card').first()).toBeVisible(SYNC);
      await expect(page.getByTestId('gallery-tile').first()).toBeVisible(SYNC);
      await expect(page.getByTestId('stories-row')).toBeVisible(SYNC);
    },
  },
  {
    name: 'media viewer',
    async open(page) {
      await page.locator('[data-testid=gallery-tile][data-kind=carousel]').first().click();
      await expect(page.getByTestId('media-viewer')).toBeVisible();
    },
    close: pressEscape,
  },
  {
    name: 'Inbox list',
    async open(page) {
      await nav(page).getByRole('button', { name: /Inbox/ }).click();
      await expect(page.getByTestId('conversation').first()).toBeVisible(SYNC);
    },
  },
  {
    name: 'Inbox thread and composer',
    async open(page) {
      await page.getByTestId('conversation').first().click();
      await expect(page.getByTestId('message').first()).toBeVisible(SYNC);
      await expect(page.getByRole('textbox', { name: 'Reply' })).toBeVisible();
    },
  },
  {
    name: 'Inbox search results',
    async open(page) {
      const word =
        (await page.locator('[data-side=in] .bubble').last().innerText()).trim().split(/\s+/)[0] ?? '';
      await page.getByRole('searchbox', { name: 'Search messages' }).fill(word);
      await expect(page.getByTestId('search-hit').first()).toBeVisible(SYNC);
    },
    async close(page) {
      await page.getByRole('searchbox', { name: 'Search messages' }).fill('');
    },
  },
  {
    name: 'Comments',
    async open(page) {
      await nav(page)
        .getByRole('button', { name: /Comments/ })
        .click();
      await expect(page.getByTestId('comment-thread').first()).toBeVisible(SYNC);
    },
  },
  {
    name: "one post's comments beside Home",
    async open(page) {
      await nav(page).getByRole('button', { name: /Home/ }).click();
      await page.getByTestId('post-card').getByTestId('open-comments').first().click();
      await expect(page.getByTestId('post-comments')).toBeVisible();
    },
    async close(page) {
      await page.getByRole('button', { name: 'Close comments' }).click();
    },
  },
  {
    name: 'command palette (with results)',
    async open(page) {
      await page.keyboard.press('Control+K');
      const palette = page.getByRole('dialog', { name: 'Search commands and conversations' });
      await palette.getByRole('combobox').fill('o');
      await expect(palette.getByRole('option').first()).toBeVisible();
    },
    close: pressEscape,
  },
  {
    name: 'keyboard shortcuts list',
    async open(page) {
      // Out of the search field the palette gave focus back to (typed there, `?` is just a question mark).
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    },
    close: pressEscape,
  },
  {
    name: 'composer (New post, with a file and problems shown)',
    async open(page) {
      await page.keyboard.press('Control+N');
      const dialog = page.getByRole('dialog', { name: 'New post' });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('radio', { name: 'Several photos' }).check();
      await dialog.getByRole('textbox', { name: 'Caption', exact: true }).fill('New candles #lavender');
      await dialog.getByRole('radio', { name: 'Later' }).check();
    },
    close: pressEscape,
  },
  {
    name: 'composer (a Video, with the Facebook video-or-reel choice)',
    async open(page) {
      await page.keyboard.press('Control+N');
      const dialog = page.getByRole('dialog', { name: 'New post' });
      await expect(dialog).toBeVisible();
      await dialog
        .getByRole('group', { name: 'Type' })
        .getByRole('radio', { name: /^Video/ })
        .check();
      await expect(dialog.getByTestId('fb-video-as')).toBeVisible();
    },
    close: pressEscape,
  },
  {
    name: 'Insights (both columns, demographics, the per-item table)',
    async open(page) {
      await nav(page)
        .getByRole('button', { name: /Insights/ })
        .click();
      await expect(page.getByTestId('items-table')).toBeVisible(SYNC);
      await expect(page.getByTestId('demographics')).toBeVisible(SYNC);
    },
  },
  {
    name: 'Insights item dialog',
    async open(page) {
      await page.getByTestId('item-row').first().getByRole('button').first().click();
      await expect(page.getByTestId('item-dialog')).toBeVisible();
    },
    close: pressEscape,
  },
  {
    name: 'Posts (with a draft)',
    async open(page) {
      await nav(page).getByRole('button', { name: 'Posts' }).click();
      await expect(page.getByTestId('post-item').first()).toBeVisible(SYNC);
    },
  },
  {
    name: 'Settings',
    async open(page) {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    },
  },
  {
    name: 'Diagnostics',
    async open(page) {
      await page
        .getByRole('dialog', { name: 'Settings' })
        .getByRole('button', { name: 'Open diagnostics' })
        .click();
      await expect(page.getByRole('dialog', { name: /Diagnostics/ })).toBeVisible();
    },
    close: pressEscape,
  },
  {
    name: 'Privacy & data',
    async open(page) {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Open Privacy & data' }).click();
      const panel = page.getByRole('dialog', { name: 'Privacy & data' });
      await expect(panel.locator('[data-permission=pages_messaging]')).toContainText('Allowed', SYNC);
    },
    close: pressEscape,
  },
  {
    // The export's end state: the summary table, the download link and its notes.
    name: 'Privacy & data: a finished export',
    async open(page) {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Open Privacy & data' }).click();
      const panel = page.getByRole('dialog', { name: 'Privacy & data' });
      await panel.getByRole('button', { name: /^Export everything for / }).click();
      await expect(panel.getByRole('link', { name: /^Download Duet export .*\.zip$/ })).toBeVisible(SYNC);
      await expect(panel.getByRole('table', { name: 'In the archive' })).toBeVisible();
    },
    close: pressEscape,
  },
  {
    // Deleting stored data: a kind chosen, and the review dialog with its preview and warning.
    name: 'Privacy & data: deleting stored data',
    async open(page) {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Open Privacy & data' }).click();
      const panel = page.getByRole('dialog', { name: 'Privacy & data' });
      await panel.getByRole('radio', { name: 'Everything stored for this account' }).check();
      await panel.getByRole('button', { name: 'Review what will be deleted…' }).click();
      const review = page.getByRole('dialog', { name: 'Delete everything stored for this account?' });
      await expect(review.getByRole('button', { name: /^Delete [\d,]+ items$/ })).toBeVisible(SYNC);
    },
    async close(page) {
      await page
        .getByRole('dialog', { name: 'Delete everything stored for this account?' })
        .getByRole('button', { name: 'Keep everything' })
        .click();
      await pressEscape(page);
    },
  },
  {
    name: 'sign-out dialog',
    async open(page) {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Sign out…' }).click();
      await expect(page.getByRole('dialog', { name: 'Sign out of Duet?' })).toBeVisible();
    },
  },
];

async function pressEscape(page: Page) {
  await page.keyboard.press('Escape');
}

test('every view passes WCAG 2.2 AA in the light and the dark theme (axe)', async ({ app }) => {
  test.setTimeout(600_000);
  app.setDefaultTimeout(20_000);
  const problems: A11yProblem[] = [];
  await expect(app.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();
  problems.push(...(await axeBothThemes(app, 'sign-in')));
  await app.getByRole('button', { name: 'Use an access token instead' }).click();
  problems.push(...(await axeBothThemes(app, 'sign-in with the token form')));
  await signInDemo(app);
  for (const view of SIGNED_IN_VIEWS) {
    await view.open(app);
    problems.push(...(await axeBothThemes(app, view.name)));
    await view.close?.(app);
  }
  expect(problems.length, `Accessibility problems:\n${formatProblems(problems)}`).toBe(0);
});

test('the missing-permission and missing-task notices pass WCAG 2.2 AA in both themes (axe)', async ({
  app,
  sandbox,
}) => {
  test.setTimeout(300_000);
  const problems: A11yProblem[] = [];
  // A role without Messaging, then a permission removed on Facebook: the feed's and gallery's notices, and the
  // reply box locked with the task's reason.
  await setTasksOnEveryPage(sandbox, ['MODERATE', 'CREATE_CONTENT', 'ANALYZE']);
  await signInDemo(app);
  await expect(app.getByTestId('post-card').first()).toBeVisible(SYNC);
  await removePermissionOnFacebook(sandbox, 'pages_read_engagement');
  await expect(app.getByTestId('feed-column').getByTestId('missing-permission')).toBeVisible(SYNC);
  problems.push(...(await axeBothThemes(app, 'Home with a permission removed')));
  await nav(app).getByRole('button', { name: /Inbox/ }).click();
  await app.locator('[data-testid=conversation][data-platform=messenger]').first().click();
  await expect(app.getByTestId('missing-task')).toBeVisible(SYNC);
  problems.push(...(await axeBothThemes(app, 'Inbox with the reply box locked by a Page task')));
  expect(problems.length, `Accessibility problems:\n${formatProblems(problems)}`).toBe(0);
});

test('reduced motion: with the OS setting on, transitions and animations stop', async ({ app }) => {
  const button = app.getByRole('button', { name: 'Try the demo' });
  await expect(button).toBeVisible();
  // A loading placeholder, as the feed shows while it loads, to read the animation of.
  await app.evaluate(() => {
    const el = document.createElement('div');
    el.className = 'skeleton';
    el.dataset.testid = 'motion-probe';
    document.body.append(el);
  });
  const probe = app.getByTestId('motion-probe');
  const seconds = (v: string) =>
    Math.max(...v.split(',').map((s) => parseFloat(s) * (s.trim().endsWith('ms') ? 0.001 : 1)));
  const motion = async () => ({
    transition: seconds(await button.evaluate((el) => getComputedStyle(el).transitionDuration)),
    animation: seconds(await probe.evaluate((el) => getComputedStyle(el).animationDuration)),
  });

  await app.emulateMedia({ reducedMotion: 'no-preference' });
  const normal = await motion();
  expect(normal.transition).toBeGreaterThan(0.05);
  expect(normal.animation).toBeGreaterThan(0.5);

  await app.emulateMedia({ reducedMotion: 'reduce' });
  const reduced = await motion();
  expect(reduced.transition).toBeLessThan(0.001);
  expect(reduced.animation).toBeLessThan(0.001);
});

test.describe('200 % zoom (1280 × 800 seen at twice the size)', () => {
  test.use({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });

  test('no view scrolls sideways', async ({ app }) => {
    test.setTimeout(180_000);
    /** Elements wider than the window (the page itself, the header, the main area). */
    const overflowing = () =>
      app.evaluate(() =>
        ['html', 'body', '.shell-header', '.shell-main', '.signin']
          .map((sel) => document.querySelector(sel))
          .filter((el): el is Element => !!el && el.scrollWidth > el.clientWidth + 1)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`),
      );
    await expect(app.getByRole('button', { name: 'Try the demo' })).toBeVisible();
    expect(await overflowing(), 'sign-in').toEqual([]);
    await signInDemo(app);
    await expect(app.getByTestId('post-card').first()).toBeVisible(SYNC);
    expect(await overflowing(), 'Home').toEqual([]);
    await nav(app).getByRole('button', { name: /Inbox/ }).click();
    await app.getByTestId('conversation').first().click();
    await expect(app.getByTestId('message').first()).toBeVisible(SYNC);
    expect(await overflowing(), 'Inbox').toEqual([]);
    // The thread takes the whole width; its back button returns to the list.
    await app.getByRole('button', { name: '‹ Conversations' }).click();
    await expect(app.getByTestId('conversation').first()).toBeVisible();
  });
});
