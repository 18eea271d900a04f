// The app shell through the browser host: it loads, looks like a product, validates bridge calls, refuses
// foreign origins, and can never reach a real Meta host.
import { request } from 'node:http';
import { expect, test } from './fixtures';

test('opens on the sign-in screen with the three ways in', async ({ app }) => {
  await expect(app.getByRole('heading', { name: 'Welcome to Duet' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Try the demo' })).toBeFocused();
  await expect(app.getByRole('button', { name: 'Continue with Facebook' })).toBeVisible();
  await app.getByRole('button', { name: 'Use an access token instead' }).click();
  await expect(app.getByLabel('User, Page or system-user access token')).toBeVisible();
  await app.screenshot({ path: test.info().outputPath('sign-in.png') });
});

test('a bridge call with a bad payload gets a clear validation error', async ({ app }) => {
  const answer = await app.evaluate(async () => {
    const res = await fetch('./bridge/settings/set', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ theme: 'neon', mediaCacheMaxMb: 'lots' }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { code: string; message: string; issues: Array<{ path: string }> },
    };
  });
  expect(answer.status).toBe(400);
  expect(answer.body.code).toBe('invalid-request');
  expect(answer.body.issues.map((i) => i.path).sort()).toEqual(['mediaCacheMaxMb', 'theme']);
  // The settings did not change.
  const settings = await app.evaluate(
    async () =>
      (await (
        await fetch('./bridge/settings/get', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).json()) as { theme: string },
  );
  expect(settings.theme).toBe('system');
});

test('another local web page cannot call the host', async ({ app, host, sandbox }) => {
  // A page on another origin (the sandbox's, another 127.0.0.1 port) tries to use the bridge.
  const other = await app.context().newPage();
  await other.goto(`${sandbox.url}/connect/login_success.html`);
  const result = await other.evaluate(async (origin) => {
    try {
      const res = await fetch(`${origin}/bridge/app/info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        credentials: 'include',
      });
      return `status ${res.status}`;
    } catch {
      return 'blocked';
    }
  }, host.origin);
  expect(result).not.toBe('status 200');
  // Without the per-launch key even a same-origin request is refused.
  const res = await fetch(`${host.origin}/bridge/app/info`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(401);
  // DNS rebinding: a request that reaches 127.0.0.1 under another name is refused even with the key.
  const rebound = await new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: '/bridge/app/info',
        method: 'POST',
        headers: {
          host: `attacker.example:${host.port}`,
          'content-type': 'application/json',
          'x-duet-key': host.secret,
        },
      },
      (res) => resolve(res.statusCode ?? 0),
    );
    req.on('error', reject);
    req.end('{}');
  });
  expect(rebound).toBe(421);
});

test('real Meta hosts are unreachable from the tests', async ({ app }) => {
  const outcome = await app.evaluate(async () => {
    try {
      await fetch('https://graph.facebook.com/v25.0/me', { mode: 'no-cors' });
      return 'reached';
    } catch {
      return 'blocked';
    }
  });
  expect(outcome).toBe('blocked');
});
