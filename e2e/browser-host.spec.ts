// The browser host as a user's browser meets it: the printed link works once and leaves no secret behind, another
// local page can neither knock the host over nor lock the real tab out, and a restart keeps the same address, so a
// reply queued before it is still delivered after it.
import { type Page } from '@playwright/test';
import { launchBrowserHost } from '../electron/browser-host/port-memory';
import { secretCookieName } from '../electron/browser-host/guard';
import { rawRequest } from '../electron/test/raw-http';
import { expect, hostOptions, sandboxControl, signInDemo, test } from './fixtures';

test.describe.configure({ timeout: 240_000 });
const SYNC = { timeout: 90_000 };

/** A bridge call made by the page itself (its own cookie, its own origin). */
const pageCall = (page: Page) =>
  page.evaluate(
    async () =>
      (
        await fetch('./bridge/app/info', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
  );

test('the printed link works once and leaves no secret in the address bar or the history', async ({
  app,
  host,
  browser,
}) => {
  const code = new URL(host.url).searchParams.get('k')!;
  await expect(app.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();
  // The address bar, the document and the navigation entry show the clean address (other parameters kept).
  expect(app.url()).toBe(`${host.origin}/?pollMs=2000`);
  const seen = await app.evaluate(() => ({
    url: document.URL,
    history: history.length,
    navigation: performance.getEntriesByType('navigation').map((e) => e.name),
    cookie: document.cookie,
  }));
  expect(seen.url).toBe(`${host.origin}/?pollMs=2000`);
  expect(seen.navigation).toEqual([`${host.origin}/?pollMs=2000`]);
  // Two entries: the blank tab, then the clean address — the redirect left no entry holding the code.
  expect(seen.history).toBe(2);
  await app.goBack();
  expect(app.url()).toBe('about:blank');
  await app.goForward();
  expect(app.url()).toBe(`${host.origin}/?pollMs=2000`);
  for (const text of [seen.url, ...seen.navigation, seen.cookie]) {
    expect(text).not.toContain(code);
    expect(text).not.toContain(host.secret);
  }
  expect(await pageCall(app)).toBe(200);
  // Opening the same link again in this browser just goes to the app.
  await app.goto(host.url);
  expect(app.url()).toBe(`${host.origin}/`);
  await expect(app.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();

  // The copy left in history or the terminal is spent: another browser profile gets a page that says so.
  const other = await browser.newContext();
  try {
    const stranger = await other.newPage();
    const answer = await stranger.goto(host.url);
    expect(answer?.status()).toBe(401);
    await expect(stranger.getByRole('heading', { name: 'This Duet link was already used' })).toBeVisible();
    await expect(stranger.getByText('press Enter in the terminal')).toBeVisible();
    expect(await other.cookies()).toEqual([]);
    // A new link (what Enter in the terminal prints) opens it there.
    await stranger.goto(host.launchUrl());
    await expect(stranger.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();
    expect(stranger.url()).toBe(`${host.origin}/`);
  } finally {
    await other.close();
  }
  // The spent code authorizes nothing, in any place a secret is accepted.
  for (const head of [`POST /bridge/app/info?k=${code} HTTP/1.1`, `GET /events?k=${code} HTTP/1.1`]) {
    const r = await rawRequest(
      host.port,
      [head, `Host: 127.0.0.1:${host.port}`, 'Content-Type: application/json', 'Content-Length: 2'].join(
        '\r\n',
      ),
      '{}',
    );
    expect(r.status, head).toBe(401);
  }
  const asKey = await rawRequest(
    host.port,
    ['GET /events HTTP/1.1', `Host: 127.0.0.1:${host.port}`, `X-Duet-Key: ${code}`].join('\r\n'),
  );
  expect(asKey.status).toBe(401);
  const asCookie = await rawRequest(
    host.port,
    ['GET / HTTP/1.1', `Host: 127.0.0.1:${host.port}`, `Cookie: ${secretCookieName(host.port)}=${code}`].join(
      '\r\n',
    ),
  );
  expect(asCookie.status).toBe(401);
});

test('another local page can neither knock the host over nor lock the real tab out', async ({
  app,
  host,
  sandbox,
}) => {
  await expect(app.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();
  const name = secretCookieName(host.port);
  // A page on another 127.0.0.1 port (the sandbox's): cookies are not isolated by port, so it plants cookies of our
  // name that the browser sends to the host before ours (longer Path), and frames malformed addresses of the host.
  const attacker = await app.context().newPage();
  await attacker.goto(`${sandbox.url}/connect/login_success.html`);
  await attacker.evaluate(
    async ({ origin, name }) => {
      // (An overwrite of the real HttpOnly cookie itself, same name and Path=/, is refused by the browser.)
      for (const [value, path] of [
        ['planted', '/bridge'],
        ['%E0', '/bridge/app'],
        ['%', '/'],
      ]) {
        document.cookie = `${name}=${value}; path=${path}`;
        document.cookie = `duet_k=${value}; path=${path}`;
      }
      await Promise.all(
        ['//', '///x', '/%', '/%E0%A4%A', `/${'a'.repeat(20_000)}`, '/?k=%', '/bridge/%'].map(
          (path) =>
            new Promise<void>((done) => {
              const frame = document.createElement('iframe');
              frame.src = `${origin}${path}`;
              frame.onload = () => done();
              frame.onerror = () => done();
              setTimeout(done, 5000);
              document.body.append(frame);
            }),
        ),
      );
    },
    { origin: host.origin, name },
  );
  // The cookies really were planted on the host's address, ahead of the real one.
  const planted = (await app.context().cookies(`${host.origin}/bridge/app/info`)).filter(
    (c) => c.name === name,
  );
  expect(planted.map((c) => c.value).sort()).toEqual(['%E0', 'planted', host.secret].sort());
  // And raw requests no browser would send.
  for (const head of [
    'GET // HTTP/1.1',
    'GET /% HTTP/1.1',
    'BREW / HTTP/1.1',
    `GET /${'a'.repeat(100_000)} HTTP/1.1`,
  ]) {
    const r = await rawRequest(
      host.port,
      [head, `Host: 127.0.0.1:${host.port}`, `Cookie: ${name}=%; duet_k=%E0`].join('\r\n'),
    );
    expect(r.status, head.slice(0, 30)).toBeGreaterThanOrEqual(400);
    expect(r.status, head.slice(0, 30)).toBeLessThan(500);
  }
  // The host is still up and the real tab still works, bridge calls and a reload alike.
  expect(await pageCall(app)).toBe(200);
  await app.reload();
  await expect(app.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();
  await signInDemo(app);
  expect(await pageCall(app)).toBe(200);
  // The planted cookies alone authorize nothing.
  const plantedOnly = await rawRequest(
    host.port,
    ['GET /events HTTP/1.1', `Host: 127.0.0.1:${host.port}`, `Cookie: ${name}=planted; ${name}=%E0`].join(
      '\r\n',
    ),
  );
  expect(plantedOnly.status).toBe(401);
});

test('a restart keeps the address, so a reply queued before it is delivered after it', async ({
  page,
  context,
  sandbox,
  dataDir,
}) => {
  const first = (await launchBrowserHost(hostOptions(sandbox, dataDir))).host;
  let origin: string;
  const text = `queued across a restart ${Date.now()}`;
  try {
    origin = first.origin;
    await page.goto(`${first.url}&pollMs=2000`);
    await signInDemo(page);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
    await page.getByTestId('conversation').first().click();
    await expect(page.locator('form.composer')).toHaveAttribute('data-window', /open|closing/, SYNC);
    // Offline: the reply waits in the outbox (this origin's IndexedDB).
    await context.route('**/bridge/inbox/**', (route) => route.abort('internetdisconnected'));
    await context.setOffline(true);
    const box = page.getByRole('textbox', { name: 'Reply' });
    await box.fill(text);
    await box.press('Enter');
    await expect(box).toHaveValue('');
    await expect(
      page.getByTestId('message').filter({ hasText: text }).getByTestId('delivery'),
    ).toHaveAttribute('data-state', /queued|sending|unknown/);
    await page.goto('about:blank');
  } finally {
    await first.close();
  }
  expect(
    (await sandboxControl<{ deliveries: Array<{ text: string }> }>(sandbox, 'ledger')).deliveries.filter(
      (d) => d.text === text,
    ),
  ).toHaveLength(0);

  // Duet starts again on the same data folder: same address, and the new link signs the same browser back in.
  await context.setOffline(false);
  await context.unroute('**/bridge/inbox/**');
  const second = (await launchBrowserHost(hostOptions(sandbox, dataDir))).host;
  try {
    expect(second.origin).toBe(origin);
    await page.goto(`${second.url}&pollMs=2000`);
    await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible(SYNC);
    await expect
      .poll(
        async () =>
          (
            await sandboxControl<{ deliveries: Array<{ text: string }> }>(sandbox, 'ledger')
          ).deliveries.filter((d) => d.text === text).length,
        { timeout: 90_000 },
      )
      .toBe(1);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
    await page.getByTestId('conversation').first().click();
    await expect(
      page.getByTestId('message').filter({ hasText: text }).getByTestId('delivery'),
    ).toHaveAttribute('data-state', 'sent', SYNC);
  } finally {
    await second.close();
  }
});
