// Security promises of the browser host, checked from outside: it is reachable on loopback only, refuses every
// request that is not its own page's (foreign Origin/Host, cross-site, no secret), and the access tokens (user and
// Page) never reach renderer storage, bridge traffic, pushed events or logs. Extends e2e/shell.spec.ts (which
// covers another local page's fetch, a missing key and a rebound Host header on /bridge).
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { browserPlatformBase } from '../electron/browser-host/platform';
import { startBrowserHost } from '../electron/browser-host/server';
import { createHostCore } from '../electron/services/index';
import { expect, signInDemo, test } from './fixtures';
import { allStoredText, idbCounts } from './support/idb';

const SYNC = { timeout: 120_000 };
test.describe.configure({ timeout: 240_000 });

/** Tries a TCP connection; resolves 'connected' or the error code (never sends a byte). */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      done('timeout');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error'));
  });
}

/** A raw request to the host with exactly these headers (fetch would add or forbid some). */
function rawStatus(
  port: number,
  path: string,
  method: string,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

test('the host listens on 127.0.0.1 only: other addresses of this machine refuse the connection', async ({
  host,
}) => {
  expect(await tryConnect('127.0.0.1', host.port)).toBe('connected');
  // Only this machine's own addresses are tried: no traffic ever leaves it.
  const own = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && !a.address.startsWith('fe80'))
    .map((a) => a!.address);
  const targets = ['::1', ...own];
  test.info().annotations.push({ type: 'addresses tried', description: targets.join(', ') });
  for (const address of targets) {
    expect(await tryConnect(address, host.port), address).toBe('ECONNREFUSED');
  }
});

test('requests that are not from Duet’s own page are refused on every route', async ({ host }) => {
  const own = {
    host: `127.0.0.1:${host.port}`,
    'content-type': 'application/json',
    'x-duet-key': host.secret,
  };
  // Baseline: the host's own request works.
  expect(await rawStatus(host.port, '/bridge/app/info', 'POST', own)).toBe(200);
  for (const path of [
    '/bridge/session/get',
    '/events',
    '/media?key=a:b:c&url=https%3A%2F%2Fscontent.fbcdn.net%2Fx.jpg',
    '/',
  ]) {
    const method = path.startsWith('/bridge/') ? 'POST' : 'GET';
    // A foreign page's fetch (even with a stolen key): its Origin gives it away.
    expect(
      await rawStatus(host.port, path, method, { ...own, origin: 'http://evil.example' }),
      `${path} origin`,
    ).toBe(403);
    expect(await rawStatus(host.port, path, method, { ...own, origin: 'null' }), `${path} null origin`).toBe(
      403,
    );
    // DNS rebinding: evil.example resolved to 127.0.0.1; the Host header still says evil.example.
    expect(
      await rawStatus(host.port, path, method, { ...own, host: `evil.example:${host.port}` }),
      `${path} host`,
    ).toBe(421);
    // Another site's subresource request (no Origin on a GET, but the browser says cross-site).
    expect(
      await rawStatus(host.port, path, method, {
        ...own,
        'sec-fetch-site': 'cross-site',
        'sec-fetch-mode': 'no-cors',
      }),
      `${path} site`,
    ).toBe(403);
    // No secret, or a wrong one.
    const { 'x-duet-key': _key, ...noKey } = own;
    expect(await rawStatus(host.port, path, method, noKey), `${path} no key`).toBe(401);
    expect(
      await rawStatus(host.port, path, method, { ...noKey, 'x-duet-key': 'a'.repeat(host.secret.length) }),
      `${path} wrong key`,
    ).toBe(401);
    expect(
      await rawStatus(host.port, path, method, { ...noKey, cookie: 'duet_k=guess' }),
      `${path} wrong cookie`,
    ).toBe(401);
  }
  // The secret in the URL only opens the app page (GET); it does not authorize a bridge call.
  const { 'x-duet-key': _key, ...noKey } = own;
  expect(await rawStatus(host.port, `/bridge/app/info?k=${host.secret}`, 'POST', noKey)).toBe(401);
});

test('the access tokens never reach renderer storage, bridge traffic, events or logs', async ({
  page,
  sandbox,
  dataDir,
}) => {
  // Our own host (same wiring as the fixture) so that its log lines can be captured.
  const logs: string[] = [];
  const env = { DUET_APP_ID: '1234567890', DUET_GRAPH_URL: sandbox.url, DUET_LOGIN_URL: sandbox.url };
  const host = await startBrowserHost({
    rendererDir: resolve('dist/renderer'),
    platform: browserPlatformBase(join(dataDir, 'host'), env),
    createCore: (platform) =>
      createHostCore(platform, { startSandbox: async () => ({ url: sandbox.url, close: async () => {} }) }),
    log: (line) => logs.push(line),
  });
  try {
    // Every bridge answer the page receives.
    const traffic: string[] = [];
    const pending: Array<Promise<void>> = [];
    page.on('response', (res) => {
      if (!res.url().includes('/bridge/')) return;
      pending.push(
        res
          .text()
          .then((t) => void traffic.push(`${res.url()} ${t}`))
          .catch(() => undefined),
      );
    });
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    // Every event the host pushes (SSE goes to every client, so a listener of our own sees the same frames).
    const events: string[] = [];
    const sse = new AbortController();
    const eventStream = fetch(`${host.origin}/events`, {
      headers: { 'x-duet-key': host.secret },
      signal: sse.signal,
    })
      .then(async (res) => {
        const reader = res.body!.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          events.push(Buffer.from(value).toString('utf8'));
        }
      })
      .catch(() => undefined);

    // A full demo session: sign in, sync, inbox, a reply, settings and diagnostics.
    await page.goto(`${host.url}&pollMs=2000`);
    await signInDemo(page);
    await expect(page.getByTestId('post-card').first()).toBeVisible(SYNC);
    await expect.poll(async () => (await idbCounts(page)).messages ?? 0, SYNC).toBeGreaterThan(0);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /Inbox/ }).click();
    await page.getByTestId('conversation').first().click();
    await expect(page.locator('form.composer')).toHaveAttribute('data-window', /open|closing/, SYNC);
    const box = page.getByRole('textbox', { name: 'Reply' });
    await box.fill('Thanks, see you tomorrow!');
    await box.press('Enter');
    await expect(
      page.getByTestId('message').filter({ hasText: 'Thanks, see you tomorrow!' }).getByTestId('delivery'),
    ).toHaveAttribute('data-state', 'sent', SYNC);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Open diagnostics' }).click();
    await expect(page.getByTestId('diagnostics')).toBeVisible();
    await expect(page.getByTestId('diagnostics')).toContainText(/outbox/i);

    // The real tokens, as the host keeps them (its vault file): the user token and every Page token.
    const vault = JSON.parse(readFileSync(join(dataDir, 'host', 'credentials.json'), 'utf8')) as {
      userToken: string;
      pageTokens: Record<string, string>;
    };
    const tokens = [vault.userToken, ...Object.values(vault.pageTokens)];
    expect(tokens.length).toBeGreaterThan(1);
    for (const t of tokens) expect(t.length).toBeGreaterThan(20);
    // The Page tokens Graph hands out for this user, read with the user token (the same ones, checked for certain).
    const accounts = (await (
      await fetch(`${sandbox.url}/v27.0/me/accounts?fields=access_token&access_token=${vault.userToken}`)
    ).json()) as { data: Array<{ access_token: string }> };
    for (const a of accounts.data) tokens.push(a.access_token);

    await Promise.all(pending);
    sse.abort();
    await eventStream;
    const storage = await allStoredText(page);
    const extra = await page.evaluate(async () => {
      const parts = [document.cookie, location.href, JSON.stringify(history.state)];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const req of await cache.keys()) parts.push(req.url, await (await cache.match(req))!.text());
      }
      return parts.join('\n');
    });
    const diagnosticsText = await page.getByTestId('diagnostics').innerText();
    const hostLog = (await host.core.handlers['diagnostics/get']({})).log.join('\n');
    const settingsFile = readFileSync(join(dataDir, 'host', 'settings.json'), 'utf8');

    // The scans are not empty: they did see the session.
    expect(traffic.length).toBeGreaterThan(20);
    expect(events.join('')).toContain('session/changed');
    expect(storage.length).toBeGreaterThan(1000);
    const places: Record<string, string> = {
      'renderer storage': storage,
      'cookies, caches, URL': extra,
      'bridge traffic': traffic.join('\n'),
      'pushed events': events.join(''),
      'host log sink': logs.join('\n'),
      'host diagnostics log': hostLog,
      'diagnostics panel': diagnosticsText,
      'browser console': consoleLines.join('\n'),
      'settings file': settingsFile,
    };
    for (const [place, text] of Object.entries(places)) {
      for (const token of tokens) expect(text.includes(token), `a token appears in ${place}`).toBe(false);
    }
  } finally {
    await host.close();
  }
});

test('a script in the page cannot redirect the token: the broker stays put and Facebook Login posts nothing to a collector', async ({
  app,
}) => {
  // The attacker's collector: a local http server that records every hit.
  const hits: string[] = [];
  const collector = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hits.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'attacker-supplied-token-xxxxxxxx', expires_in: 999 }));
    });
  });
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  const port = (collector.address() as AddressInfo).port;
  try {
    // A script in the page calls the bridge directly, for each endpoint and for a public collector over http.
    const answers = await app.evaluate(async (collectorUrl) => {
      const set = async (patch: Record<string, string>) => {
        const res = await fetch('./bridge/settings/set', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(patch),
        });
        return { status: res.status, body: (await res.json()) as { code?: string; message?: string } };
      };
      return [
        await set({ tokenBrokerUrl: collectorUrl }),
        await set({ tokenBrokerUrl: 'http://collector.example/steal' }),
        await set({ graphBaseUrl: collectorUrl }),
        await set({ loginDialogUrl: collectorUrl }),
      ];
    }, `http://127.0.0.1:${port}/collect`);
    expect(answers[0]!.body.code).toBe('forbidden');
    expect(answers[0]!.body.message).toContain('In the browser version these are set when you start Duet');
    expect(answers[1]!.body.code).toBe('invalid-request');
    // Graph and login URLs come from this test's environment (the sandbox): refused as set at start-up.
    expect(answers[2]!.status).toBeGreaterThanOrEqual(400);
    expect(answers[3]!.status).toBeGreaterThanOrEqual(400);
    const settings = await app.evaluate(
      async () =>
        (await (
          await fetch('./bridge/settings/get', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).json()) as { tokenBrokerUrl: string; graphBaseUrl: string; loginDialogUrl: string },
    );
    expect(settings.tokenBrokerUrl).toBe('');
    expect(settings.graphBaseUrl).not.toContain(String(port));
    expect(settings.loginDialogUrl).not.toContain(String(port));

    // The Settings dialog says where these are set instead of offering a field that would be refused.
    await app.getByRole('button', { name: 'Use an access token instead' }).waitFor();
    // Facebook Login now: the token goes to the host only.
    await app.getByRole('button', { name: 'Continue with Facebook' }).click();
    await app.getByRole('button', { name: 'Continue' }).click();
    await expect(app.getByRole('navigation', { name: 'Views' })).toBeVisible();
    await app.getByRole('button', { name: 'Settings' }).click();
    await expect(app.getByLabel('Token broker URL')).toBeDisabled();
    await expect(
      app.getByText('In the browser version this is set when you start Duet: --token-broker-url'),
    ).toBeVisible();
    expect(hits).toEqual([]);
  } finally {
    await new Promise((r) => collector.close(r));
  }
});
