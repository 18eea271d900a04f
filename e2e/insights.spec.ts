// Insights, on one signed-in page: the dashboard fills for both networks with the sandbox's numbers; changing the
// range; a retired metric is dropped and the rest shown; the chart's CSV; the views on feed cards and in the media
// viewer; a story's numbers kept after the sandbox clock passes 24 h; an offline reload shows the snapshots "as of"
// their fetch. A second sign-in without read_insights: the missing permission is explained. The chart draws its
// lines on the canvas in the theme's colours (light and dark), and the pointer and the keys move its tip and cursor.
import { readFileSync } from 'node:fs';
import { type Locator, type Page } from '@playwright/test';
import { DUET_PERMISSIONS } from '../shared/graph/permissions';
import { metaToday } from '../shared/insights/plan';
import { expect, sandboxControl, signInDemo, test } from './fixtures';

test.describe.configure({ timeout: 120_000 });
const SYNC = { timeout: 45_000 };
const DAY = 86_400_000;

type State = { now: number; pages: Array<{ id: string; instagramId?: string }> };

/** The sandbox's own numbers for a range, read straight from its Graph API with a fresh token. */
async function sandboxNumbers(base: string, token: string, path: string, q: Record<string, string>) {
  const u = new URL(`${base}/v27.0/${path}`);
  for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
  u.searchParams.set('access_token', token);
  return (await (await fetch(u)).json()) as {
    data: Array<{ name: string; values: Array<{ value: number }> }>;
    error?: { message: string };
  };
}

/** The last `days` days as the app counts them (Meta's today included; Meta has values only for finished days). */
function range(days: number) {
  const to = metaToday(Date.now()) + DAY;
  return { since: String((to - days * DAY) / 1000), until: String(to / 1000) };
}

const insightsTab = (page: Page) =>
  page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Insights/ });
const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
const card = (page: Page, network: string, metric: string) =>
  page.getByTestId(`insights-${network}`).getByTestId(`card-${metric}`);

test('the dashboard shows the sandbox’s numbers for both networks, follows the range, drops a retired metric, exports CSV, puts views on feed cards and in the viewer, keeps a story’s numbers after Meta deletes them and works offline', async ({
  app,
  sandbox,
}) => {
  // Two former tests' worth of steps on one signed-in page (one sign-in and first sync instead of two).
  test.setTimeout(180_000);
  await sandboxControl(sandbox, 'insights', { retire: ['page_video_views'] });
  await signInDemo(app);
  const st = await sandboxControl<State>(sandbox, 'state');
  const page = st.pages[0] as { id: string; instagramId: string };
  const { access_token } = await sandboxControl<{ access_token: string }>(sandbox, 'tokens', {});
  await app.keyboard.press('Control+4');
  await expect(app.getByTestId('insights-view')).toBeVisible();

  const views = async (days: number) => {
    const r = await sandboxNumbers(sandbox.url, access_token, `${page.id}/insights`, {
      metric: 'page_media_view',
      period: 'day',
      ...range(days),
    });
    return (r.data[0]?.values ?? []).reduce((s, v) => s + v.value, 0);
  };
  await expect(card(app, 'facebook', 'page_media_view').getByTestId('card-value')).toHaveText(
    fmt(await views(28)),
    SYNC,
  );
  const reach = await sandboxNumbers(sandbox.url, access_token, `${page.instagramId}/insights`, {
    metric: 'reach',
    period: 'day',
    ...range(28),
  });
  const reachDays = reach.data[0]?.values ?? [];
  const reachAvg = reachDays.reduce((s, v) => s + v.value, 0) / reachDays.length;
  await expect(card(app, 'instagram', 'reach').getByTestId('card-value')).toHaveText(fmt(reachAvg), SYNC);
  await expect(card(app, 'instagram', 'reach')).toContainText('average per day');

  // The range: 7 days.
  await app.getByRole('button', { name: 'Last 7 days' }).click();
  await expect(card(app, 'facebook', 'page_media_view').getByTestId('card-value')).toHaveText(
    fmt(await views(7)),
  );

  // The views by source add up to the views, both ways of splitting them.
  const part = async (key: string) =>
    Number(((await app.getByTestId(`part-${key}`).textContent()) as string).replace(/,/g, ''));
  await expect(app.getByTestId('part-is_from_ads:true')).toHaveText(/^[\d,]+$/, SYNC);
  expect((await part('is_from_ads:true')) + (await part('is_from_ads:false'))).toBe(await views(7));
  expect((await part('is_from_followers:true')) + (await part('is_from_followers:false'))).toBe(
    await views(7),
  );
  await expect(app.getByTestId('parts-instagram').getByTestId('part-likes')).toHaveText(/^[\d,]+$/, SYNC);

  // Instagram follows and unfollows apart: each the sum of the days' follow_type parts Meta (the sandbox) answers.
  const followParts = { FOLLOWER: 0, NON_FOLLOWER: 0 };
  const week = range(7);
  for (let d = Number(week.since); d < Number(week.until); d += DAY / 1000) {
    const r = (await sandboxNumbers(sandbox.url, access_token, `${page.instagramId}/insights`, {
      metric: 'follows_and_unfollows',
      metric_type: 'total_value',
      breakdown: 'follow_type',
      period: 'day',
      since: String(d),
      until: String(d + DAY / 1000),
    })) as unknown as {
      data: Array<{
        total_value: { breakdowns: Array<{ results: Array<{ dimension_values: string[]; value: number }> }> };
      }>;
    };
    for (const x of r.data[0]?.total_value.breakdowns[0]?.results ?? [])
      followParts[x.dimension_values[0] as keyof typeof followParts] += x.value;
  }
  expect(followParts.FOLLOWER).toBeGreaterThan(0);
  await expect(card(app, 'instagram', 'ig_follows').getByTestId('card-value')).toHaveText(
    fmt(followParts.FOLLOWER),
    SYNC,
  );
  await expect(card(app, 'instagram', 'ig_unfollows').getByTestId('card-value')).toHaveText(
    fmt(followParts.NON_FOLLOWER),
  );

  // The retired metric: named, left out, the rest shown.
  await expect(app.getByTestId('dropped-metrics')).toContainText('page_video_views');
  await expect(card(app, 'facebook', 'page_video_views')).toContainText('Not available yet');
  await expect(card(app, 'facebook', 'page_post_engagements').getByTestId('card-value')).toHaveText(
    /^[\d,]+$/,
  );

  // CSV of the chart: one row per day of the range, the same numbers.
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByTestId('insights-facebook').getByRole('button', { name: 'Export chart as CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path()) as string, 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe('day,page_media_view,page_media_view previous period');
  expect(csv).toHaveLength(8);
  const sum = csv.slice(1).reduce((s, line) => s + Number(line.split(',')[1] || 0), 0);
  expect(sum).toBe(await views(7));

  // A story row with a reach number (Meta has none in a story's first hour), once the per-item numbers are in.
  const stories = app
    .getByTestId('item-row')
    .filter({ has: app.locator('th', { hasText: /^Story/ }) })
    .filter({ has: app.locator('td:nth-of-type(3)', { hasText: /^[\d,]+$/ }) });
  await expect(stories.first()).toBeVisible(SYNC);
  const story = stories.first();
  const storyId = (await story.getAttribute('data-id')) as string;
  const shown = await story.locator('td').nth(2).textContent();

  // The headline number outside the view: the newest feed card and the newest Instagram post in the viewer show
  // the same views as the table.
  const viewsIn = async (id: string) =>
    (await app.locator(`[data-testid=item-row][data-id="${id}"] td`).nth(1).textContent()) as string;
  const igRow = app
    .getByTestId('item-row')
    .filter({ has: app.locator('th', { hasText: /^(Instagram post|Reel)/ }) })
    .first();
  const igViews = await viewsIn((await igRow.getAttribute('data-id')) as string);
  await app.keyboard.press('Control+1');
  const firstCard = app.getByTestId('post-card').first();
  await expect(firstCard.getByTestId('post-views')).toHaveText(/^[\d,]+ views?$/, SYNC);
  const postId = ((await firstCard.getAttribute('data-post-id')) as string).replace(/^fb:/, '');
  const cardViews = (await firstCard.getByTestId('post-views').textContent()) as string;
  await expect(firstCard.getByTestId('post-views')).toHaveAttribute('title', /as of/);
  await app.getByTestId('gallery-tile').first().click();
  await expect(app.getByTestId('viewer-views')).toContainText(`${igViews} views`);
  await app.keyboard.press('Escape');
  await insightsTab(app).click();
  expect(cardViews).toBe(`${await viewsIn(postId)} views`);

  // Meta deletes story numbers 24 h after posting: the sandbox no longer answers for it…
  await sandboxControl(sandbox, 'clock', { advanceMs: 25 * 3_600_000 });
  const gone = await sandboxNumbers(sandbox.url, access_token, `${storyId}/insights`, { metric: 'reach' });
  expect(gone.error?.message).toBeTruthy();
  // …and Duet still shows what it captured while the story was live, also after a reload.
  await app.reload();
  await insightsTab(app).click();
  const again = app.locator(`[data-testid=item-row][data-id="${storyId}"]`);
  await expect(again.locator('td').nth(2)).toHaveText(shown as string, SYNC);
  await again.getByRole('button').first().click();
  await expect(app.getByTestId('item-dialog')).toContainText('Captured while the story was live');
  await app.keyboard.press('Escape');

  // Offline: the sandbox stops, the app reloads, the numbers come from the snapshots with their time.
  const value = await card(app, 'facebook', 'page_media_view').getByTestId('card-value').textContent();
  await sandbox.close();
  await app.reload();
  await insightsTab(app).click();
  await expect(card(app, 'facebook', 'page_media_view').getByTestId('card-value')).toHaveText(
    value as string,
    SYNC,
  );
  await expect(app.getByTestId('fresh-facebook')).toContainText('Offline: numbers as of', SYNC);
});

/**
 * What a chart's canvas shows: its size, and how many of its pixels are the line's colour (the `--chart-line`
 * token resolved for the theme now in force) or the other theme's line colour, `other`.
 */
async function canvasInk(chart: Locator, other?: number[]) {
  return chart.evaluate((fig, otherRgb) => {
    const canvas = fig.querySelector('canvas') as HTMLCanvasElement;
    const probe = document.createElement('span');
    probe.style.color = 'var(--chart-line)';
    (fig.querySelector('.chart-canvas') as HTMLElement).append(probe);
    const line = (getComputedStyle(probe).color.match(/\d+/g) ?? []).map(Number).slice(0, 3);
    probe.remove();
    const px = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
      0,
      0,
      canvas.width,
      canvas.height,
    ).data;
    const near = (i: number, rgb: number[]) =>
      px[i + 3]! > 200 && rgb.every((c, k) => Math.abs(px[i + k]! - c) < 24);
    let ink = 0;
    let otherInk = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (near(i, line)) ink++;
      if (otherRgb && near(i, otherRgb)) otherInk++;
    }
    return { width: canvas.width, height: canvas.height, line, ink, otherInk };
  }, other);
}

test('the chart draws its lines in the light and the dark theme, and the pointer and the keys move its tip and cursor', async ({
  app,
}) => {
  await signInDemo(app);
  await app.keyboard.press('Control+4');
  const chart = app.getByTestId('insights-facebook').getByTestId('insights-chart');
  await expect(chart).toHaveAttribute('data-drawn-values', /^[1-9]\d*$/, SYNC);
  const canvas = chart.locator('canvas');

  // Light, then dark (as the Settings theme option sets it): the line is drawn in each theme's own colour.
  await app.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
  await expect.poll(async () => (await canvasInk(chart)).ink, SYNC).toBeGreaterThan(100);
  const light = await canvasInk(chart);
  expect(light.width).toBeGreaterThan(300);
  expect(light.height).toBeGreaterThan(150);
  await app.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await expect.poll(async () => (await canvasInk(chart)).line, SYNC).not.toEqual(light.line);
  await expect.poll(async () => (await canvasInk(chart)).ink, SYNC).toBeGreaterThan(100);
  // Nothing is left in the light theme's line colour.
  expect((await canvasInk(chart, light.line)).otherInk).toBeLessThan(10);

  // The pointer: the tip says the day under it, and another day further right.
  const tip = chart.locator('.chart-tip');
  const box = (await canvas.first().boundingBox()) as { x: number; y: number; width: number; height: number };
  await app.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await expect(tip).toHaveText(/^\d{4}-\d{2}-\d{2}: [\d,]+|no value/);
  const first = await tip.textContent();
  await expect(chart.locator('.u-cursor-x')).not.toHaveClass(/u-off/);
  await app.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
  await expect(tip).not.toHaveText(first as string);
  await expect(tip).toHaveText(/^\d{4}-\d{2}-\d{2}: /);
  await app.mouse.move(box.x + box.width / 2, box.y - 80);
  await expect(tip).toHaveText(/^Point at the chart/);

  // The keys: Home and End put the cursor at the first and the last day.
  const cursorX = async () => ((await chart.locator('.u-cursor-x').boundingBox()) as { x: number }).x - box.x;
  await chart.getByRole('group', { name: /chart\. Use the left and right arrow keys/ }).focus();
  await app.keyboard.press('Home');
  await expect(tip).toHaveText(/^\d{4}-\d{2}-\d{2}: /);
  const home = await cursorX();
  await app.keyboard.press('End');
  await expect.poll(cursorX).toBeGreaterThan(home + box.width / 2);
  await app.keyboard.press('Escape');
  await expect(tip).toHaveText(/^Point at the chart/);
  await expect(chart.locator('.u-cursor-x')).toHaveClass(/u-off/);
});

test('a missing read_insights permission is explained by name', async ({ app, sandbox }) => {
  const { access_token } = await sandboxControl<{ access_token: string }>(sandbox, 'tokens', {
    permissions: DUET_PERMISSIONS.filter((p) => p !== 'read_insights'),
  });
  await app.getByRole('button', { name: 'Use an access token instead' }).click();
  await app.getByLabel('User, Page or system-user access token').fill(access_token);
  await app.getByRole('button', { name: 'Sign in with token' }).click();
  await expect(app.getByRole('navigation', { name: 'Views' })).toBeVisible();
  await app
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: /Insights/ })
    .click();
  const notice = app.getByTestId('insights-facebook').getByTestId('missing-permission');
  await expect(notice).toContainText('See Page insights needs read_insights', SYNC);
  await expect(notice.getByRole('button', { name: 'Grant again' })).toBeVisible();
  // Instagram still answers.
  await expect(card(app, 'instagram', 'reach').getByTestId('card-value')).toHaveText(/^[\d,]+$/, SYNC);
});
